import { EXIT_CODES, NetravenError } from "@netraven/runtime";

import { SCHEMA_INIT_EXIT_CODES } from "./exit-codes.js";

// The failures every NetRaven program shares are the runtime's classes, so the
// same cause carries the same code, exit code and message shape everywhere.
export {
  ConfigError,
  DatabaseAccessDeniedError,
  DatabaseNotFoundError,
  DatabaseUnreachableError,
  InterruptedError,
  isNetravenError,
  UsageError,
} from "@netraven/runtime";

/** Every error code schema-init reports (the `code` of its errors and of `--json` error objects). */
export type SchemaInitErrorCode =
  /** Thrown when flags or environment are invalid (78). */
  | "CONFIG_INVALID"
  /** Thrown when the command line is malformed (64). */
  | "USAGE"
  /** Thrown when PostgreSQL did not accept connections before the wait deadline (69). */
  | "DB_UNREACHABLE"
  /** Thrown at once for errors retrying cannot fix: bad password, unknown role, TLS, missing privilege (77). */
  | "DB_ACCESS_DENIED"
  /** Thrown when the database does not exist and is not created (66). */
  | "DB_NOT_FOUND"
  /** Thrown when SIGINT/SIGTERM stopped the run (130). */
  | "INTERRUPTED"
  | SchemaInitError["code"];

/** Base of the errors only schema-init throws; a NetravenError, so `exitCode` and `retryable` come with it. */
export abstract class SchemaInitError extends NetravenError {
  abstract override readonly code: "LOCK_TIMEOUT" | "SCHEMA_DRIFT" | "MIGRATION_FAILED" | "MIGRATION_BLOCKED" | "MIGRATION_EDITED" | "MIGRATIONS_AHEAD" | "SEED_FAILED";
}

/** Thrown when another run held the schema lock past the lock timeout (or at once with lock mode "fail"). Retryable. */
export class LockTimeoutError extends SchemaInitError {
  override readonly name = "LockTimeoutError";
  readonly code = "LOCK_TIMEOUT";
  readonly exitCode = EXIT_CODES.TEMP_FAIL;
  override readonly retryable = true;
}

/** Thrown when the catalog does not match the schema manifest. */
export class SchemaDriftError extends SchemaInitError {
  override readonly name = "SchemaDriftError";
  readonly code = "SCHEMA_DRIFT";
  readonly exitCode = EXIT_CODES.DATA;
}

/** Thrown when a migration script failed (or was refused before anything ran). */
export class MigrationFailedError extends SchemaInitError {
  override readonly name = "MigrationFailedError";
  readonly code = "MIGRATION_FAILED";
  readonly exitCode = SCHEMA_INIT_EXIT_CODES.MIGRATION_FAILED;
}

/** Thrown when a failed migration from an earlier run blocks deploys and could not be resolved automatically. */
export class MigrationBlockedError extends SchemaInitError {
  override readonly name = "MigrationBlockedError";
  readonly code = "MIGRATION_BLOCKED";
  readonly exitCode = SCHEMA_INIT_EXIT_CODES.MIGRATION_BLOCKED;
}

/** Thrown when an applied migration's file changed since it was applied. */
export class MigrationEditedError extends SchemaInitError {
  override readonly name = "MigrationEditedError";
  readonly code = "MIGRATION_EDITED";
  readonly exitCode = SCHEMA_INIT_EXIT_CODES.MIGRATION_EDITED;
}

/** Thrown when the database has migrations this build does not know (it is newer than the code). */
export class MigrationsAheadError extends SchemaInitError {
  override readonly name = "MigrationsAheadError";
  readonly code = "MIGRATIONS_AHEAD";
  readonly exitCode = SCHEMA_INIT_EXIT_CODES.MIGRATIONS_AHEAD;
}

/** Thrown when seeding defaults failed. */
export class SeedFailedError extends SchemaInitError {
  override readonly name = "SeedFailedError";
  readonly code = "SEED_FAILED";
  readonly exitCode = SCHEMA_INIT_EXIT_CODES.SEED_FAILED;
}
