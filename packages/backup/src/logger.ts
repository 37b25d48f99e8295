import { REDACTED, redactSecrets } from "@netraven/db-schema";
import type { Logger as SchemaInitLogger } from "@netraven/schema-init";

/** The logger every function of this package accepts: schema-init's, so one adapter (pino, console) serves both. */
export type Logger = SchemaInitLogger;

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  /** `text` for people, `json` (one object per line) for containers. @default "text" */
  format?: "text" | "json";
  /** Emit `debug` lines. @default false */
  verbose?: boolean;
  /** Where lines go. CLIs keep stdout for results. @default process.stderr */
  stream?: { write(chunk: string): unknown };
  /** Literal secrets (such as the database password) to cut out of every line. @default [] */
  secrets?: string[];
  /** Clock for timestamps. @default () => new Date() */
  now?: () => Date;
}

const SECRET_KEY = /password|secret|token|passphrase/i;

/** Removes connection-string passwords, `password=` pairs and the given literal secrets from text. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = redactSecrets(text);
  for (const secret of secrets) {
    // Very short "secrets" would shred ordinary words; a real password is longer.
    if (secret.length >= 3) out = out.split(secret).join(REDACTED);
  }
  return out;
}

function redactValue(key: string, value: unknown, secrets: readonly string[]): unknown {
  if (SECRET_KEY.test(key)) return REDACTED;
  if (typeof value === "string") return redact(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactValue("", v, secrets));
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(k, v, secrets)]));
  }
  return value;
}

/** A stream logger that redacts secrets in messages and context (keys matching password/secret/token). */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const secrets = options.secrets ?? [];
  const now = options.now ?? (() => new Date());
  const write = (level: string, msg: string, ctx?: Record<string, unknown>) => {
    const safeMsg = redact(msg, secrets);
    const safeCtx = ctx ? (redactValue("", ctx, secrets) as Record<string, unknown>) : undefined;
    if (options.format === "json") {
      stream.write(`${JSON.stringify({ time: now().toISOString(), level, msg: safeMsg, ...safeCtx })}\n`);
      return;
    }
    const tail = safeCtx && Object.keys(safeCtx).length > 0 ? ` ${JSON.stringify(safeCtx)}` : "";
    stream.write(`${level === "info" ? "" : `${level}: `}${safeMsg}${tail}\n`);
  };
  return {
    info: (msg, ctx) => write("info", msg, ctx),
    warn: (msg, ctx) => write("warn", msg, ctx),
    error: (msg, ctx) => write("error", msg, ctx),
    debug: options.verbose ? (msg, ctx) => write("debug", msg, ctx) : undefined,
  };
}
