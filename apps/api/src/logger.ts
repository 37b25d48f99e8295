import { redactSecrets } from "@netraven/db-schema";
import type { Logger } from "@netraven/schema-init";
import pino from "pino";

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  /** @default "info" */
  level?: string;
  /** Human-readable output through pino-pretty (development). @default false */
  pretty?: boolean;
  /** Where JSON lines go (tests capture them). @default stdout */
  destination?: pino.DestinationStream;
}

// Keys that may hold secrets anywhere in a logged object, a few levels deep
// (pino's redact has no recursive wildcard). Request bodies are never logged,
// but errors and library contexts can carry these keys.
const SECRET_KEYS = ["password", "newPassword", "secret", "token", "accessToken", "privateKey", "passphrase", "jwtSecret", "adminPassword", "generatedPassword", "databaseUrl", "DATABASE_URL"];

/** pino `redact` paths: authorization headers, the request URL's query and every secret-like key up to three levels down. */
export const REDACT_PATHS = [
  "req.url",
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

// Query parameters whose value may be a secret (a token or password pasted into a URL).
const SECRET_PARAM = /pass|secret|token|key|auth|credential|session|signature|code/i;

/** A logged URL with the values of secret-looking query parameters replaced; the path and other parameters stay. */
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
      return SECRET_PARAM.test(decoded) && pair.includes("=") ? `${name}=[Redacted]` : pair;
    })
    .join("&");
  return `${url.slice(0, at)}?${query}`;
}

/**
 * The API's pino logger: JSON lines in production, pino-pretty in
 * development, secrets redacted by key, secret-looking query parameters
 * redacted from request URLs, and passwords removed from any connection
 * string in messages.
 */
export function createLogger(options: CreateLoggerOptions = {}): pino.Logger {
  const pinoOptions: pino.LoggerOptions = {
    level: options.level ?? "info",
    redact: { paths: REDACT_PATHS, censor: (value, path) => (path.at(-1) === "url" && typeof value === "string" ? redactUrl(value) : "[Redacted]") },
    hooks: {
      // A message that quotes a connection string (a driver error) loses its password.
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === "string" ? redactSecrets(arg) : arg)) as Parameters<typeof method>);
      },
    },
  };
  if (options.destination) return pino(pinoOptions, options.destination);
  if (options.pretty) {
    return pino({ ...pinoOptions, transport: { target: "pino-pretty", options: { colorize: true, ignore: "pid,hostname" } } });
  }
  return pino(pinoOptions);
}

/** Adapts pino to the libraries' `(msg, ctx)` logger interface. */
export function toLibraryLogger(logger: pino.Logger): Logger {
  return {
    info: (msg, ctx) => logger.info(ctx ?? {}, msg),
    warn: (msg, ctx) => logger.warn(ctx ?? {}, msg),
    error: (msg, ctx) => logger.error(ctx ?? {}, msg),
    debug: (msg, ctx) => logger.debug(ctx ?? {}, msg),
  };
}
