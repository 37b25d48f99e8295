/**
 * Every failure this package reports on purpose. The CLI maps each code to
 * one exit code (src/cli/exit-codes.ts); scripts and the scheduler branch on
 * `code`, never on message text.
 */
export type BackupErrorCode =
  /** Thrown when the environment or flags fail validation (every problem is listed). */
  | "CONFIG_INVALID"
  /** Thrown when the configured compression needs a newer pg_dump than the one found. */
  | "COMPRESSION_UNSUPPORTED"
  /** Thrown when PostgreSQL cannot be reached or refuses the connection. */
  | "DB_UNREACHABLE"
  /** Thrown when pg_dump/pg_restore is not in PG_BIN, on PATH or in a known install directory. */
  | "PG_TOOL_NOT_FOUND"
  /** Thrown when the only clients found are older than the server. */
  | "PG_CLIENT_TOO_OLD"
  /** Thrown when pg_dump exits non-zero, is killed or times out. */
  | "PG_DUMP_FAILED"
  /** Thrown when pg_dumpall (globals) fails for another reason than a missing privilege. */
  | "PG_DUMPALL_FAILED"
  /** Thrown when pg_restore exits non-zero, is killed or times out. */
  | "PG_RESTORE_FAILED"
  /** Thrown when another run holds the backup directory lock. */
  | "LOCK_HELD"
  /** Thrown when the backup directory cannot be created or written. */
  | "DIR_NOT_WRITABLE"
  /** Thrown when a command that reads the backup directory finds it missing, not a directory, or unreadable. */
  | "BACKUP_DIR_UNAVAILABLE"
  /** Thrown when the disk is full, or too full to hold the next backup. */
  | "DISK_FULL"
  /** Thrown when no complete backup (one with a manifest) has the requested id. */
  | "BACKUP_NOT_FOUND"
  /** Thrown when a manifest cannot be parsed or its own checksum does not match. */
  | "MANIFEST_INVALID"
  /** Thrown when a backup fails verification (checksum, size, TOC or full read). */
  | "VERIFY_FAILED"
  /** Thrown when a restore target already holds objects and `force` is not set. */
  | "TARGET_NOT_EMPTY"
  /** Thrown when a SQL step of a restore (database state, swap) fails; the target is left as it was. */
  | "RESTORE_FAILED"
  /** Thrown when a restored database does not match the NetRaven schema. */
  | "RESTORE_VALIDATION_FAILED"
  /** Thrown before anything is changed when the role lacks a privilege the plan needs (CREATEDB, ownership, CONNECT, a role). */
  | "PRIVILEGE_MISSING"
  /** Thrown when a run is cancelled (SIGINT/SIGTERM or an aborted signal). */
  | "ABORTED";

const BRAND = Symbol.for("@netraven/backup/error");

/** Base of every error this package throws on purpose. */
export abstract class BackupError extends Error {
  abstract readonly code: BackupErrorCode;
  /** True when running the same command again later may succeed. */
  readonly retryable: boolean = false;
  /** Extra facts for logs and `--json` output. Never holds secrets. */
  readonly context: Record<string, unknown>;
  readonly [BRAND] = true;

  constructor(message: string, options: { cause?: unknown; context?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.context = options.context ?? {};
  }
}

/** Recognises our errors across duplicated module copies (a Symbol brand, not `instanceof` alone). */
export function isBackupError(error: unknown): error is BackupError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

/** See {@link BackupErrorCode} `CONFIG_INVALID`. */
export class ConfigError extends BackupError {
  override readonly name = "ConfigError";
  readonly code = "CONFIG_INVALID";
  constructor(
    readonly problems: string[],
    options: { cause?: unknown } = {},
  ) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`, options);
  }
}

/** See {@link BackupErrorCode} `COMPRESSION_UNSUPPORTED`. */
export class UnsupportedCompressionError extends BackupError {
  override readonly name = "UnsupportedCompressionError";
  readonly code = "COMPRESSION_UNSUPPORTED";
}

/** See {@link BackupErrorCode} `DB_UNREACHABLE`. */
export class DatabaseUnreachableError extends BackupError {
  override readonly name = "DatabaseUnreachableError";
  readonly code = "DB_UNREACHABLE";
  override readonly retryable = true;
}

/** See {@link BackupErrorCode} `PG_TOOL_NOT_FOUND`. */
export class PgToolNotFoundError extends BackupError {
  override readonly name = "PgToolNotFoundError";
  readonly code = "PG_TOOL_NOT_FOUND";
}

/** See {@link BackupErrorCode} `PG_CLIENT_TOO_OLD`. */
export class PgVersionMismatchError extends BackupError {
  override readonly name = "PgVersionMismatchError";
  readonly code = "PG_CLIENT_TOO_OLD";
}

/** Facts copied from the failed child process (execa's error), stderr trimmed and redacted. */
export interface ChildFailure {
  tool: string;
  exitCode: number | undefined;
  signal: string | undefined;
  timedOut: boolean;
  isCanceled: boolean;
  stderr: string;
}

/** Base of the errors for a failed PostgreSQL client program. */
export abstract class PgToolFailedError extends BackupError {
  override readonly retryable = true;
  constructor(
    message: string,
    readonly failure: ChildFailure,
    options: { cause?: unknown } = {},
  ) {
    super(message, { ...options, context: { ...failure } });
  }
}

/** See {@link BackupErrorCode} `PG_DUMP_FAILED`. */
export class PgDumpFailedError extends PgToolFailedError {
  override readonly name = "PgDumpFailedError";
  readonly code = "PG_DUMP_FAILED";
}

/** See {@link BackupErrorCode} `PG_DUMPALL_FAILED`. */
export class PgDumpallFailedError extends PgToolFailedError {
  override readonly name = "PgDumpallFailedError";
  readonly code = "PG_DUMPALL_FAILED";
}

/** See {@link BackupErrorCode} `PG_RESTORE_FAILED`. */
export class PgRestoreFailedError extends PgToolFailedError {
  override readonly name = "PgRestoreFailedError";
  readonly code = "PG_RESTORE_FAILED";
}

/** See {@link BackupErrorCode} `LOCK_HELD`. */
export class LockHeldError extends BackupError {
  override readonly name = "LockHeldError";
  readonly code = "LOCK_HELD";
  override readonly retryable = true;
}

/** See {@link BackupErrorCode} `DIR_NOT_WRITABLE`. */
export class DirectoryNotWritableError extends BackupError {
  override readonly name = "DirectoryNotWritableError";
  readonly code = "DIR_NOT_WRITABLE";
}

/** See {@link BackupErrorCode} `BACKUP_DIR_UNAVAILABLE`. */
export class BackupDirUnavailableError extends BackupError {
  override readonly name = "BackupDirUnavailableError";
  readonly code = "BACKUP_DIR_UNAVAILABLE";
}

/** See {@link BackupErrorCode} `DISK_FULL`. */
export class DiskFullError extends BackupError {
  override readonly name = "DiskFullError";
  readonly code = "DISK_FULL";
  override readonly retryable = true;
}

/** See {@link BackupErrorCode} `BACKUP_NOT_FOUND`. */
export class BackupNotFoundError extends BackupError {
  override readonly name = "BackupNotFoundError";
  readonly code = "BACKUP_NOT_FOUND";
}

/** See {@link BackupErrorCode} `MANIFEST_INVALID`. */
export class ManifestInvalidError extends BackupError {
  override readonly name = "ManifestInvalidError";
  readonly code = "MANIFEST_INVALID";
}

/** See {@link BackupErrorCode} `VERIFY_FAILED`. */
export class BackupVerificationError extends BackupError {
  override readonly name = "BackupVerificationError";
  readonly code = "VERIFY_FAILED";
}

/** See {@link BackupErrorCode} `TARGET_NOT_EMPTY`. */
export class TargetNotEmptyError extends BackupError {
  override readonly name = "TargetNotEmptyError";
  readonly code = "TARGET_NOT_EMPTY";
}

/** See {@link BackupErrorCode} `RESTORE_FAILED`. */
export class RestoreFailedError extends BackupError {
  override readonly name = "RestoreFailedError";
  readonly code = "RESTORE_FAILED";
}

/** See {@link BackupErrorCode} `RESTORE_VALIDATION_FAILED`. */
export class RestoreValidationError extends BackupError {
  override readonly name = "RestoreValidationError";
  readonly code = "RESTORE_VALIDATION_FAILED";
}

/** See {@link BackupErrorCode} `PRIVILEGE_MISSING`. */
export class PrivilegeMissingError extends BackupError {
  override readonly name = "PrivilegeMissingError";
  readonly code = "PRIVILEGE_MISSING";
}

/** See {@link BackupErrorCode} `ABORTED`. */
export class AbortedError extends BackupError {
  override readonly name = "AbortedError";
  readonly code = "ABORTED";
}
