import type { LogFormat, Logger, LogLevel } from "@netraven/runtime";
import { detectColor, isSecretKey, REDACTED, redactText, redactValue } from "@netraven/runtime";
import pino from "pino";

import { textDestination } from "./log-destination.js";

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  /** debug, info, warn, error (the runtime's levels); tests also use pino's "silent". @default "info" */
  level?: LogLevel | "silent";
  /** `json` (log format v1), `text` or `pretty`, rendered by the runtime's writers. @default "json" */
  format?: LogFormat;
  /** Colour for `pretty`. @default detected on stderr: a TTY with colours, NO_COLOR and FORCE_COLOR respected */
  color?: boolean;
  /** Where lines go (tests capture them). @default stderr: stdout is for what the operator is told once */
  destination?: { write(chunk: string): unknown };
}

// pino's two extra levels, folded onto the four of log format v1 (Fastify logs trace lines; nothing logs fatal).
const LEVEL_LABEL: Record<string, string> = { trace: "debug", fatal: "error" };

// Query parameters whose value may be a secret (a token or password pasted into a URL).
const SECRET_PARAM = /pass|secret|token|key|auth|credential|session|signature|code/i;

/** A logged URL with the values of secret-looking query parameters masked; the path and other parameters stay. */
export function redactUrl(url: string): string {
  const at = url.indexOf("?");
  if (at < 0) return url;
  const query = url
    .slice(at + 1)
    .split("&")
    .map((pair) => {
      const name = pair.split("=")[0] ?? "";
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // An undecodable name is judged as written.
      }
      return SECRET_PARAM.test(decoded) && pair.includes("=") ? `${name}=${REDACTED}` : pair;
    })
    .join("&");
  return `${url.slice(0, at)}?${query}`;
}

/**
 * The runtime's one rule set and mask on a line's own fields. Errors keep
 * pino's shape (type, message, stack, code) with secrets cut out of every
 * string; Fastify's request and reply objects are left to their serializers.
 */
function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (isSecretKey(key) && value !== undefined && value !== null && typeof value !== "boolean") out[key] = REDACTED;
    else if (value instanceof Error) out[key] = serializeError(value);
    else if (typeof value !== "object" || value === null || Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype) out[key] = redactValue(value);
    else out[key] = value;
  }
  return out;
}

// The line's fields were redacted (errors serialized) by formatters.log, which pino runs before its serializers.
const serializeError = (value: unknown) => (value instanceof Error ? redactValue(pino.stdSerializers.err(value)) : value);

const serializers = {
  err: serializeError,
  // Fastify's request serializer with the query's secrets masked.
  req: (req: { method?: string; url?: string; hostname?: string; ip?: string; socket?: { remotePort?: number } }) => ({
    method: req.method,
    url: typeof req.url === "string" ? redactUrl(req.url) : req.url,
    host: req.hostname,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }),
};

/**
 * The API's pino logger (pino for speed on the request path). Every line is
 * log format v1 of the runtime (`time` ISO 8601, `level` label, `msg`,
 * redacted context); `text` and `pretty` are the runtime's writers fed from
 * those lines. Logs go to stderr.
 */
export function createLogger(options: CreateLoggerOptions = {}): pino.Logger {
  const format = options.format ?? "json";
  const pinoOptions: pino.LoggerOptions = {
    level: options.level ?? "info",
    base: undefined,
    messageKey: "msg",
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: LEVEL_LABEL[label] ?? label }),
      log: redactFields,
    },
    serializers,
    hooks: {
      // A message that quotes a connection string (a driver error) loses its password.
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === "string" ? redactText(arg) : arg)) as Parameters<typeof method>);
      },
    },
  };
  const stream = options.destination ?? process.stderr;
  if (format === "json") return pino(pinoOptions, options.destination ?? pino.destination({ dest: 2, sync: true }));
  const color = format === "pretty" && (options.color ?? detectColor(process.stderr));
  return pino(pinoOptions, textDestination(stream, format, color));
}

/** Adapts pino to the runtime's `(msg, ctx)` Logger the libraries (schema-init, the wait loop) take. */
export function toLibraryLogger(logger: pino.Logger): Logger {
  return {
    debug: (msg, ctx) => logger.debug(ctx ?? {}, msg),
    info: (msg, ctx) => logger.info(ctx ?? {}, msg),
    warn: (msg, ctx) => logger.warn(ctx ?? {}, msg),
    error: (msg, ctx) => logger.error(ctx ?? {}, msg),
    child: (bindings) => toLibraryLogger(logger.child(redactValue(bindings) as Record<string, unknown>)),
  };
}
