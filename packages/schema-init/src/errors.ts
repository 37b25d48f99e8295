const SCHEMA_INIT_ERROR = Symbol.for("netraven.schema-init.error");

/** Every failure schema-init reports; each maps to one exit code (src/cli/exit-codes.ts). */
export type SchemaInitErrorCode =
  /** Thrown when flags or environment are invalid. */
  | "CONFIG_INVALID"
  /** Thrown when the command line is malformed. */
  | "USAGE"
  /** Thrown when PostgreSQL did not accept connections before the wait deadline. */
  | "DB_UNREACHABLE"
  /** Thrown at once for errors retrying cannot fix: bad password, unknown role, TLS, missing privilege. */
  | "DB_ACCESS_DENIED"
  /** Thrown when another run held the schema lock past the lock timeout (or at once with lock mode "fail"). */
  | "LOCK_TIMEOUT"
  /** Thrown when a migration script failed; the database was left as before that migration. */
  | "MIGRATION_FAILED"
  /** Thrown when a failed migration from an earlier run blocks deploys and could not be resolved automatically. */
  | "MIGRATION_BLOCKED"
  /** Thrown when an applied migration's file changed since it was applied. */
  | "MIGRATION_EDITED"
  /** Thrown when the database has migrations this build does not know (it is newer than the code). */
  | "MIGRATIONS_AHEAD"
  /** Thrown when the catalog does not match the schema manifest. */
  | "SCHEMA_DRIFT"
  /** Thrown when seeding defaults failed. */
  | "SEED_FAILED";

/** Base class: a code for the exit-code table, whether retrying may help, and safe context. */
export abstract class SchemaInitError extends Error {
  abstract readonly code: SchemaInitErrorCode;
  /** True when the same run may succeed later without a change (unreachable, lock busy). */
  readonly retryable: boolean = false;
  readonly [SCHEMA_INIT_ERROR] = true;
  constructor(
    message: string,
    /** Structured details for logs and --json output; never holds secrets. */
    readonly context: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Recognises our errors across module copies (no instanceof). */
export function isSchemaInitError(error: unknown): error is SchemaInitError {
  return typeof error === "object" && error !== null && SCHEMA_INIT_ERROR in error;
}

export class ConfigError extends SchemaInitError {
  override readonly name = "ConfigError";
  readonly code = "CONFIG_INVALID";
}

export class UsageError extends SchemaInitError {
  override readonly name = "UsageError";
  readonly code = "USAGE";
}

export class DatabaseUnreachableError extends SchemaInitError {
  override readonly name = "DatabaseUnreachableError";
  readonly code = "DB_UNREACHABLE";
  override readonly retryable = true;
}

export class DatabaseAccessError extends SchemaInitError {
  override readonly name = "DatabaseAccessError";
  readonly code = "DB_ACCESS_DENIED";
}

export class LockTimeoutError extends SchemaInitError {
  override readonly name = "LockTimeoutError";
  readonly code = "LOCK_TIMEOUT";
  override readonly retryable = true;
}

export class MigrationFailedError extends SchemaInitError {
  override readonly name = "MigrationFailedError";
  readonly code = "MIGRATION_FAILED";
}

export class MigrationBlockedError extends SchemaInitError {
  override readonly name = "MigrationBlockedError";
  readonly code = "MIGRATION_BLOCKED";
}

export class MigrationEditedError extends SchemaInitError {
  override readonly name = "MigrationEditedError";
  readonly code = "MIGRATION_EDITED";
}

export class MigrationsAheadError extends SchemaInitError {
  override readonly name = "MigrationsAheadError";
  readonly code = "MIGRATIONS_AHEAD";
}

export class SchemaDriftError extends SchemaInitError {
  override readonly name = "SchemaDriftError";
  readonly code = "SCHEMA_DRIFT";
}

export class SeedFailedError extends SchemaInitError {
  override readonly name = "SeedFailedError";
  readonly code = "SEED_FAILED";
}
