import type { NetravenErrorOptions } from "@netraven/runtime";
import { EXIT_CODES, NetravenError } from "@netraven/runtime";

// Typed errors of the API. Each carries a stable code, the HTTP status it maps
// to and whether retrying can help; the error handler turns them into RFC 9457
// problem details. Start-up failures are StartupError (or the runtime's own
// errors: ConfigError, DatabaseUnreachableError, ...), whose exit code the
// start entry returns through the runtime's exitCodeFor.

const API_ERROR = Symbol.for("netraven.api.error");

/** Stable error codes. */
export type ApiErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "VALIDATION_FAILED"
  | "RATE_LIMITED"
  | "UNAVAILABLE"
  | "ENCRYPTION_FAILED";

/** One problem with one field, as in RFC 9457 `errors[]`. */
export interface FieldProblem {
  /** JSON pointer into the request part named by `in`, e.g. `/hostname`. */
  pointer: string;
  /** Where the field lives. */
  in?: "body" | "query" | "path" | "header";
  detail: string;
}

/** Base of every error the API answers a request with. */
export abstract class ApiError extends NetravenError {
  readonly [API_ERROR] = true;
  abstract override readonly code: ApiErrorCode;
  abstract readonly status: number;
  /** Short, stable summary (RFC 9457 `title`). */
  abstract readonly title: string;
  /** A request error that escapes to the start entry is a bug there. */
  readonly exitCode: number = EXIT_CODES.INTERNAL;
}

/** True for any {@link ApiError}, also across module copies. */
export function isApiError(error: unknown): error is ApiError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[API_ERROR] === true;
}

/** Thrown when the request itself is malformed (a body nested too deep, an unreadable URL). */
export class BadRequestError extends ApiError {
  override readonly name = "BadRequestError";
  readonly code = "BAD_REQUEST";
  readonly status = 400;
  readonly title = "Bad request";
}

/** Thrown when a request lacks a valid token, or a login fails. */
export class UnauthorizedError extends ApiError {
  override readonly name = "UnauthorizedError";
  readonly code = "UNAUTHORIZED";
  readonly status = 401;
  readonly title = "Unauthorized";
}

/** Thrown when an authenticated user lacks the role a route requires. */
export class ForbiddenError extends ApiError {
  override readonly name = "ForbiddenError";
  readonly code = "FORBIDDEN";
  readonly status = 403;
  readonly title = "Forbidden";
}

/** Thrown when the addressed row does not exist. */
export class NotFoundError extends ApiError {
  override readonly name = "NotFoundError";
  readonly code = "NOT_FOUND";
  readonly status = 404;
  readonly title = "Not found";
}

/** Thrown when a write collides with existing data (unique key, rows still referring). */
export class ConflictError extends ApiError {
  override readonly name = "ConflictError";
  readonly code = "CONFLICT";
  readonly status = 409;
  readonly title = "Conflict";
}

/** Thrown when the request is well-formed but its content is not acceptable. */
export class ValidationError extends ApiError {
  override readonly name = "ValidationError";
  readonly code = "VALIDATION_FAILED";
  readonly status = 422;
  readonly title = "Validation failed";
  readonly errors: FieldProblem[];

  constructor(message: string, errors: FieldProblem[] = [], options: NetravenErrorOptions = {}) {
    super(message, options);
    this.errors = errors;
  }
}

/** Thrown when a dependency (the database) cannot serve the request now. */
export class ServiceUnavailableError extends ApiError {
  override readonly name = "ServiceUnavailableError";
  readonly code = "UNAVAILABLE";
  readonly status = 503;
  readonly title = "Service unavailable";
  override readonly retryable = true;
}

/** Thrown when a secret cannot be encrypted or decrypted (unknown key id, tampered ciphertext). */
export class EncryptionError extends ApiError {
  override readonly name = "EncryptionError";
  readonly code = "ENCRYPTION_FAILED";
  readonly status = 500;
  readonly title = "Encryption failed";
}

/**
 * Thrown at start-up when a dependency (embedded PostgreSQL, the state
 * directory, a port) cannot be brought up; carries its exit code from the
 * runtime's table (69 unavailable, 73 cannot create, 78 configuration).
 */
export class StartupError extends NetravenError {
  override readonly name = "StartupError";
  readonly code = "STARTUP_FAILED";
  readonly exitCode: number;

  constructor(message: string, exitCode: number, options: NetravenErrorOptions = {}) {
    super(message, options);
    this.exitCode = exitCode;
  }
}
