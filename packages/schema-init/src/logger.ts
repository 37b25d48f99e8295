import { redactSecrets } from "@netraven/db-schema/core";

/** The logging surface schema-init needs; pino and console both fit. */
export interface Logger {
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
  debug?(msg: string, ctx?: Record<string, unknown>): void;
}

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** "text" for people, "json" (one object per line) for containers. @default "text" */
  format?: "text" | "json";
  /** Emit debug lines. @default false */
  verbose?: boolean;
  /** Where lines go. Logs never go to stdout, which carries results. @default process.stderr */
  stream?: { write(chunk: string): unknown };
  /** Clock for timestamps. */
  now?: () => Date;
}

const SECRET_KEY = /pass(word)?|secret|token|key/i;

/** Masks secret-looking keys and any connection-string password inside values. */
export function redactContext(ctx: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(ctx)) {
    if (SECRET_KEY.test(key) && value !== undefined && !/Ms$|Count$/.test(key)) out[key] = "***";
    else if (typeof value === "string") out[key] = redactSecrets(value);
    else out[key] = value;
  }
  return out;
}

/** A logger that writes redacted lines to stderr (or `stream`). */
export function createLogger(options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => new Date());
  const write = (level: string, msg: string, ctx: Record<string, unknown> = {}) => {
    const safe = redactContext(ctx);
    const text = redactSecrets(msg);
    if (options.format === "json") {
      stream.write(`${JSON.stringify({ time: now().toISOString(), level, msg: text, ...safe })}\n`);
    } else {
      const extra = Object.entries(safe)
        .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
        .join(" ");
      stream.write(`${level === "info" ? "" : `${level.toUpperCase()} `}${text}${extra ? `  ${extra}` : ""}\n`);
    }
  };
  return {
    info: (msg, ctx) => write("info", msg, ctx),
    warn: (msg, ctx) => write("warn", msg, ctx),
    error: (msg, ctx) => write("error", msg, ctx),
    debug: options.verbose ? (msg, ctx) => write("debug", msg, ctx) : undefined,
  };
}

