import { EXIT_CODES } from "./exit-codes.js";

// Symbol.for: the same symbol in every copy of this module (two versions in
// one node_modules, a bundled CLI next to the library), so the guard works
// where instanceof would not.
const BRAND = Symbol.for("netraven.error");

/** Options every NetravenError takes. */
export interface NetravenErrorOptions {
  /** Structured facts for logs and --json output. Never secrets. @default {} */
  context?: Record<string, unknown>;
  /** The error this one wraps. */
  cause?: unknown;
}

/**
 * Base of every error a NetRaven program throws on purpose. Subclasses
 * declare `code`, `exitCode` and (when retrying may help) `retryable` as
 * fields; every subclass takes the same `(message, { context, cause })`.
 */
export abstract class NetravenError extends Error {
  /** Stable machine-readable code (SCREAMING_SNAKE); scripts branch on it, never on the message. */
  abstract readonly code: string;
  /** Process exit code, from {@link EXIT_CODES} or a program's own rows. */
  abstract readonly exitCode: number;
  /** True when the same command may succeed later without a change (unreachable, lock held). */
  readonly retryable: boolean = false;
  /** Safe structured details; never holds secrets. */
  readonly context: Record<string, unknown>;
  readonly [BRAND] = true;

  constructor(message: string, options: NetravenErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.context = options.context ?? {};
  }
}

/** True for any {@link NetravenError}, also across module copies (a Symbol brand, not instanceof). */
export function isNetravenError(error: unknown): error is NetravenError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

/** Thrown when environment variables or flags fail validation (every problem listed). */
export class ConfigError extends NetravenError {
  override readonly name = "ConfigError";
  readonly code = "CONFIG_INVALID";
  readonly exitCode = EXIT_CODES.CONFIG;
}

/** Thrown when the command line is malformed (unknown command or flag, missing argument). */
export class UsageError extends NetravenError {
  override readonly name = "UsageError";
  readonly code = "USAGE";
  readonly exitCode = EXIT_CODES.USAGE;
}

/** Thrown when PostgreSQL did not accept connections before the wait deadline. Retryable. */
export class DatabaseUnreachableError extends NetravenError {
  override readonly name = "DatabaseUnreachableError";
  readonly code = "DB_UNREACHABLE";
  readonly exitCode = EXIT_CODES.UNAVAILABLE;
  override readonly retryable = true;
}

/** Thrown at once for what retrying cannot fix: wrong password, unknown role, pg_hba, TLS, missing privilege. */
export class DatabaseAccessDeniedError extends NetravenError {
  override readonly name = "DatabaseAccessDeniedError";
  readonly code = "DB_ACCESS_DENIED";
  readonly exitCode = EXIT_CODES.NO_PERM;
}

/** Thrown when the named database does not exist (and is not created). */
export class DatabaseNotFoundError extends NetravenError {
  override readonly name = "DatabaseNotFoundError";
  readonly code = "DB_NOT_FOUND";
  readonly exitCode = EXIT_CODES.NO_INPUT;
}

/** Thrown when SIGINT/SIGTERM (an aborted signal) stopped the work. */
export class InterruptedError extends NetravenError {
  override readonly name = "InterruptedError";
  readonly code = "INTERRUPTED";
  readonly exitCode = EXIT_CODES.INTERRUPTED;
}

/** Exit code for any thrown value: a NetravenError's own; 130 once `signal` aborted; else 1 (a bug). */
export function exitCodeFor(error: unknown, signal?: AbortSignal): number {
  if (isNetravenError(error)) return error.exitCode;
  if (signal?.aborted) return EXIT_CODES.INTERRUPTED;
  return EXIT_CODES.INTERNAL;
}

/** The error as --json prints it: `{ code, exitCode, message, retryable, context }` (message not yet redacted). */
export interface SerializedError {
  code: string;
  exitCode: number;
  message: string;
  retryable: boolean;
  context: Record<string, unknown>;
}

/** Serializes any thrown value for --json output; non-NetRaven errors become INTERRUPTED (aborted) or INTERNAL. */
export function serializeError(error: unknown, signal?: AbortSignal): SerializedError {
  const exitCode = exitCodeFor(error, signal);
  const message = error instanceof Error ? error.message : String(error);
  if (isNetravenError(error)) return { code: error.code, exitCode, message, retryable: error.retryable, context: error.context };
  return { code: exitCode === EXIT_CODES.INTERRUPTED ? "INTERRUPTED" : "INTERNAL", exitCode, message, retryable: false, context: {} };
}

/** The abort reason as an error: a NetravenError stays; anything else becomes an {@link InterruptedError}. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (isNetravenError(reason)) return reason;
  const why = reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "aborted";
  return new InterruptedError(`interrupted (${why})`, { cause: reason });
}
