import { EXIT_CODES, NetravenError } from "@netraven/runtime";

/**
 * The failures only this package reports. Each error carries its exit code
 * from the one shared table (@netraven/runtime's EXIT_CODES); scripts and the
 * scheduler branch on `code`, never on message text. Configuration, database
 * connection and interruption errors are the runtime's own (`CONFIG_INVALID`,
 * `DB_UNREACHABLE`, `DB_ACCESS_DENIED`, `DB_NOT_FOUND`, `INTERRUPTED`), so the
 * same cause gets the same code and message as in schema-init and the API.
 */
export type BackupErrorCode =
  /** Thrown when the configured compression needs a newer pg_dump than the one found. */
  | "COMPRESSION_UNSUPPORTED"
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
  | "PRIVILEGE_MISSING";

/** Base of every error only this package throws; recognised with the runtime's `isNetravenError`. */
export abstract class BackupError extends NetravenError {
  abstract override readonly code: BackupErrorCode;
}

/** See {@link BackupErrorCode} `COMPRESSION_UNSUPPORTED`. */
export class UnsupportedCompressionError extends BackupError {
  override readonly name = "UnsupportedCompressionError";
  readonly code = "COMPRESSION_UNSUPPORTED";
  readonly exitCode = EXIT_CODES.CONFIG;
}

/** See {@link BackupErrorCode} `PG_TOOL_NOT_FOUND`. */
export class PgToolNotFoundError extends BackupError {
  override readonly name = "PgToolNotFoundError";
  readonly code = "PG_TOOL_NOT_FOUND";
  readonly exitCode = EXIT_CODES.UNAVAILABLE;
}

/** See {@link BackupErrorCode} `PG_CLIENT_TOO_OLD`. */
export class PgVersionMismatchError extends BackupError {
  override readonly name = "PgVersionMismatchError";
  readonly code = "PG_CLIENT_TOO_OLD";
  readonly exitCode = EXIT_CODES.UNAVAILABLE;
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
  readonly exitCode = EXIT_CODES.SOFTWARE;
}

/** See {@link BackupErrorCode} `PG_DUMPALL_FAILED`. */
export class PgDumpallFailedError extends PgToolFailedError {
  override readonly name = "PgDumpallFailedError";
  readonly code = "PG_DUMPALL_FAILED";
  readonly exitCode = EXIT_CODES.SOFTWARE;
}

/** See {@link BackupErrorCode} `PG_RESTORE_FAILED`. */
export class PgRestoreFailedError extends PgToolFailedError {
  override readonly name = "PgRestoreFailedError";
  readonly code = "PG_RESTORE_FAILED";
  readonly exitCode = EXIT_CODES.SOFTWARE;
}

/** See {@link BackupErrorCode} `LOCK_HELD`. */
export class LockHeldError extends BackupError {
  override readonly name = "LockHeldError";
  readonly code = "LOCK_HELD";
  readonly exitCode = EXIT_CODES.TEMP_FAIL;
  override readonly retryable = true;
}

/** See {@link BackupErrorCode} `DIR_NOT_WRITABLE`. */
export class DirectoryNotWritableError extends BackupError {
  override readonly name = "DirectoryNotWritableError";
  readonly code = "DIR_NOT_WRITABLE";
  readonly exitCode = EXIT_CODES.CANT_CREATE;
}

/** See {@link BackupErrorCode} `BACKUP_DIR_UNAVAILABLE`. */
export class BackupDirUnavailableError extends BackupError {
  override readonly name = "BackupDirUnavailableError";
  readonly code = "BACKUP_DIR_UNAVAILABLE";
  readonly exitCode = EXIT_CODES.OS_FILE;
}

/** See {@link BackupErrorCode} `DISK_FULL`. */
export class DiskFullError extends BackupError {
  override readonly name = "DiskFullError";
  readonly code = "DISK_FULL";
  readonly exitCode = EXIT_CODES.IO_ERROR;
  override readonly retryable = true;
}

/** See {@link BackupErrorCode} `BACKUP_NOT_FOUND`. */
export class BackupNotFoundError extends BackupError {
  override readonly name = "BackupNotFoundError";
  readonly code = "BACKUP_NOT_FOUND";
  readonly exitCode = EXIT_CODES.NO_INPUT;
}

/** See {@link BackupErrorCode} `MANIFEST_INVALID`. */
export class ManifestInvalidError extends BackupError {
  override readonly name = "ManifestInvalidError";
  readonly code = "MANIFEST_INVALID";
  readonly exitCode = EXIT_CODES.DATA;
}

/** See {@link BackupErrorCode} `VERIFY_FAILED`. */
export class BackupVerificationError extends BackupError {
  override readonly name = "BackupVerificationError";
  readonly code = "VERIFY_FAILED";
  readonly exitCode = EXIT_CODES.DATA;
}

/** See {@link BackupErrorCode} `TARGET_NOT_EMPTY`. */
export class TargetNotEmptyError extends BackupError {
  override readonly name = "TargetNotEmptyError";
  readonly code = "TARGET_NOT_EMPTY";
  readonly exitCode = EXIT_CODES.CANT_CREATE;
}

/** See {@link BackupErrorCode} `RESTORE_FAILED`. */
export class RestoreFailedError extends BackupError {
  override readonly name = "RestoreFailedError";
  readonly code = "RESTORE_FAILED";
  readonly exitCode = EXIT_CODES.SOFTWARE;
}

/** See {@link BackupErrorCode} `RESTORE_VALIDATION_FAILED`. */
export class RestoreValidationError extends BackupError {
  override readonly name = "RestoreValidationError";
  readonly code = "RESTORE_VALIDATION_FAILED";
  readonly exitCode = EXIT_CODES.DATA;
}

/** See {@link BackupErrorCode} `PRIVILEGE_MISSING`. */
export class PrivilegeMissingError extends BackupError {
  override readonly name = "PrivilegeMissingError";
  readonly code = "PRIVILEGE_MISSING";
  readonly exitCode = EXIT_CODES.NO_PERM;
}
