import { displayDatabaseUrl, parseDatabaseUrl } from "./database-url.js";
import type { NetravenError } from "./errors.js";
import { DatabaseAccessDeniedError, DatabaseNotFoundError, DatabaseUnreachableError } from "./errors.js";
import { redactSecrets } from "./redact.js";

/** What a failed connect or query means: retry it, the database is missing, or stop and tell the operator. */
export type PgConnectErrorKind = "transient" | "missing-database" | "permanent";

// Network states that end by themselves while a server or its DNS entry comes up.
const TRANSIENT_ERRNO: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "temporary DNS failure",
  EPIPE: "connection closed",
};
// SQLSTATEs: starting up / shutting down, too many connections, admin or crash shutdown, connection failures.
const TRANSIENT_SQLSTATE = new Set(["57P03", "53300", "57P01", "57P02", "08006", "08001", "08004"]);
const TRANSIENT_MESSAGE = /Connection terminated|timeout expired|the database system is (starting up|shutting down|in recovery)/i;
const TLS_MESSAGE = /\bssl\b|\btls\b|certificate|self[- ]signed/i;

interface PgLikeError {
  code?: string;
  message?: string;
}

function facts(error: unknown): { code: string | undefined; message: string } {
  const { code, message } = (typeof error === "object" && error !== null ? error : {}) as PgLikeError;
  return { code: typeof code === "string" ? code : undefined, message: typeof message === "string" ? message : String(error) };
}

/** Classifies a connect/query error of `pg` (or any error with a SQLSTATE or errno `code`). */
export function classifyPgConnectError(error: unknown): PgConnectErrorKind {
  const { code, message } = facts(error);
  if (code === "3D000") return "missing-database";
  if (code && (code in TRANSIENT_ERRNO || TRANSIENT_SQLSTATE.has(code))) return "transient";
  if (TRANSIENT_MESSAGE.test(message)) return "transient";
  return "permanent";
}

/**
 * A short reason for wait-loop logs and messages: `connection refused (ECONNREFUSED)`,
 * the server's text for SQLSTATEs. Passwords are removed.
 */
export function describePgError(error: unknown): string {
  const { code, message } = facts(error);
  if (code && code in TRANSIENT_ERRNO) return `${TRANSIENT_ERRNO[code]} (${code})`;
  // Node's AggregateError (every address of "localhost" refused) has an empty message.
  const text = redactSecrets(message.trim()) || (code ?? "unknown error");
  return code && /^[0-9A-Z]{5}$/.test(code) ? `${text} (SQLSTATE ${code})` : text;
}

/** Options for {@link pgConnectError}. */
export interface PgConnectErrorOptions {
  /** The connection string that failed; shown with the password masked. */
  url: string;
  /** Hint for a missing database. @default "create it, or let schema-init create it (role needs CREATEDB)" */
  missingDatabaseHint?: string;
}

/**
 * The typed error for a connect/query error that retrying will not fix
 * ("permanent" or "missing-database"), with one message shape for every
 * program. For "transient" errors use {@link databaseUnreachableError} once
 * the wait deadline has passed.
 */
export function pgConnectError(error: unknown, options: PgConnectErrorOptions): NetravenError {
  const { code, message } = facts(error);
  const target = displayDatabaseUrl(options.url);
  const parts = safeParts(options.url);
  const user = parts?.user || "the connecting role";
  const context = { target, pgCode: code };
  const server = redactSecrets(message);
  if (code === "3D000") {
    const hint = options.missingDatabaseHint ?? "create it, or let schema-init create it (role needs CREATEDB)";
    return new DatabaseNotFoundError(`database "${parts?.database ?? "?"}" does not exist at ${target}: ${hint}`, { context, cause: error });
  }
  if (code === "28P01") {
    return new DatabaseAccessDeniedError(`password authentication failed for user "${user}" at ${target}: check the password in DATABASE_URL`, { context, cause: error });
  }
  if (/client password must be a string/i.test(message)) {
    return new DatabaseAccessDeniedError(`the server at ${target} asks user "${user}" for a password and DATABASE_URL has none: add it (postgresql://USER:PASSWORD@HOST/DATABASE)`, { context, cause: error });
  }
  if (code === "28000") {
    return new DatabaseAccessDeniedError(`PostgreSQL at ${target} rejected user "${user}" (${server}): check the user name in DATABASE_URL and the server's pg_hba.conf`, { context, cause: error });
  }
  if (code === "42501") {
    return new DatabaseAccessDeniedError(`permission denied for user "${user}" at ${target} (${server}): grant the role the needed privilege or use another role`, { context, cause: error });
  }
  if (TLS_MESSAGE.test(`${code ?? ""} ${message}`)) {
    return new DatabaseAccessDeniedError(`TLS negotiation with ${target} failed (${server}): check sslmode in DATABASE_URL and the server's certificate`, { context, cause: error });
  }
  return new DatabaseAccessDeniedError(`cannot connect to ${target}: ${describePgError(error)}`, { context, cause: error });
}

/** Options for {@link databaseUnreachableError}. */
export interface DatabaseUnreachableErrorOptions {
  url: string;
  /** How long the program waited. */
  waitedMs: number;
  attempts: number;
  /** The last transient error. */
  lastError: unknown;
  /** The program's knob for the deadline, named in the message: `SCHEMA_INIT_WAIT_TIMEOUT_MS (--wait-timeout)`. */
  waitSetting: string;
}

/** The error after the wait deadline passed with only transient failures. */
export function databaseUnreachableError(options: DatabaseUnreachableErrorOptions): DatabaseUnreachableError {
  const target = displayDatabaseUrl(options.url);
  const lastError = describePgError(options.lastError);
  return new DatabaseUnreachableError(
    `PostgreSQL at ${target} did not accept connections within ${formatSeconds(options.waitedMs)} (last error: ${lastError}): check that it runs and DATABASE_URL's host and port; raise ${options.waitSetting} to wait longer`,
    { context: { target, attempts: options.attempts, waitedMs: options.waitedMs, lastError }, cause: options.lastError },
  );
}

/** `30 s`, `0.5 s`. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) || seconds >= 10 ? Math.round(seconds) : seconds.toFixed(1)} s`;
}

function safeParts(url: string) {
  try {
    return parseDatabaseUrl(url);
  } catch {
    return undefined;
  }
}
