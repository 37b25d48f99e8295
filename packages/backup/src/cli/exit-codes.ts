import type { BackupErrorCode } from "../errors.js";

// One table for every command (HS-12, BSD sysexits). Retryable failures
// (75, and 69/70/74 that usually clear up) are apart from deterministic ones.

/** Exit code of each error code. */
export const EXIT_CODES: Record<BackupErrorCode, number> = {
  CONFIG_INVALID: 78,
  COMPRESSION_UNSUPPORTED: 78,
  DB_UNREACHABLE: 69,
  PG_TOOL_NOT_FOUND: 69,
  PG_CLIENT_TOO_OLD: 69,
  PG_DUMP_FAILED: 70,
  PG_DUMPALL_FAILED: 70,
  PG_RESTORE_FAILED: 70,
  RESTORE_FAILED: 70,
  LOCK_HELD: 75,
  DIR_NOT_WRITABLE: 73,
  BACKUP_DIR_UNAVAILABLE: 72,
  DISK_FULL: 74,
  BACKUP_NOT_FOUND: 66,
  MANIFEST_INVALID: 65,
  VERIFY_FAILED: 65,
  TARGET_NOT_EMPTY: 73,
  RESTORE_VALIDATION_FAILED: 65,
  PRIVILEGE_MISSING: 77,
  ABORTED: 130,
};

/** Exit code for a usage error (unknown flag, missing argument). */
export const EXIT_USAGE = 64;
/** Exit code for an unexpected internal error (a bug). */
export const EXIT_INTERNAL = 1;

/** The table printed by `--help` and documented in docs/backup.md. */
export const EXIT_CODE_HELP = `Exit codes:
  0    success (health: the last verified backup is fresh)
  1    unexpected internal error (a bug; please report it)
  10   health: no verified backup recorded yet
  11   health: the last verified backup is older than BACKUP_HEALTH_MAX_AGE_HOURS
  12   health: the last verified backup is smaller than BACKUP_HEALTH_MIN_BYTES
  64   usage error (unknown command or flag, missing argument)
  65   data error: verification failed, manifest invalid, restored schema differs
  66   backup not found
  69   service unavailable: PostgreSQL unreachable, pg_dump missing or older than the server
  70   pg_dump / pg_dumpall / pg_restore or a restore step failed (the reason is in the message; the target is unchanged)
  72   backup directory missing, not a directory, or unreadable (check BACKUP_DIR and the mount)
  73   cannot create output: backup directory not writable, restore target not empty
  74   disk full
  75   temporary failure: another run holds the backup lock (retry, or --lock-timeout)
  77   permission denied: the role lacks a privilege the command needs (named, with the GRANT); nothing was changed
  78   configuration error (every problem is listed)
  130  cancelled (SIGINT/SIGTERM)`;
