export type { CreateBackupOptions, CreateBackupResult } from "./create/create-backup.js";
export { createBackup } from "./create/create-backup.js";
export type { VerifyBackupOptions, VerifyCheck, VerifyReport } from "./verify/verify-backup.js";
export { verifyBackup } from "./verify/verify-backup.js";
export type { RestoreTestResult } from "./verify/restore-test.js";
export type { RestoreBackupOptions, RestoreBackupResult, RestoreStep } from "./restore/restore-backup.js";
export type { SkippedBackup } from "./restore/choose-backup.js";
export type { DatabaseState } from "./pg/database-state.js";
export { restoreBackup } from "./restore/restore-backup.js";
export type { RetentionCandidate, RetentionDecision, RetentionPlan, RetentionPolicy } from "./retention/plan-retention.js";
export { planRetention } from "./retention/plan-retention.js";
export type { PruneBackupsOptions, PruneResult } from "./retention/prune-backups.js";
export { pruneBackups } from "./retention/prune-backups.js";
export type { PinOptions } from "./store/pins.js";
export { pinBackup, unpinBackup } from "./store/pins.js";
export type { BackupEntry, Catalog, VerifyRecord } from "./store/catalog.js";
export { findBackup, readCatalog } from "./store/catalog.js";
export type { BackupManifest, ManifestFile } from "./store/manifest.js";
export { BackupManifestSchema, readManifest } from "./store/manifest.js";
export type { AcquireLockOptions, BackupLock, LockOwner } from "./store/backup-lock.js";
export { acquireLock, withLock } from "./store/backup-lock.js";
export { LOCK_FILE, STATE_FILE } from "./store/layout.js";
export type { BackupCycleOptions, BackupCycleResult } from "./schedule/run-cycle.js";
export { runBackupCycle } from "./schedule/run-cycle.js";
export type { RunScheduleOptions } from "./schedule/run-schedule.js";
export { runSchedule } from "./schedule/run-schedule.js";
export type { HealthPolicy, HealthReport } from "./schedule/health.js";
export { checkHealth, evaluateHealth } from "./schedule/health.js";
export type { ScheduleState } from "./schedule/state.js";
export { readScheduleState } from "./schedule/state.js";
export type { FindPgClientOptions, PgClient } from "./pg/find-pg-client.js";
export { findPgClient } from "./pg/find-pg-client.js";
export type { Compression } from "./pg/compression.js";
export { parseCompression } from "./pg/compression.js";
export type { PgVersion } from "./pg/version.js";
export { parseClientVersion } from "./pg/version.js";
export { connectionEnv } from "./pg/connection-env.js";
export type { Progress } from "./progress/table-progress.js";
export type { Config, ConfigKey } from "./config.js";
export { ConfigSchema, DEFAULT_BACKUP_DIR, DEFAULT_WAIT_TIMEOUT_MS, loadConfig } from "./config.js";
export { BACKUP_EXIT_CODE_ROWS } from "./cli/exit-codes.js";
export type { RunBackupCliOptions } from "./cli/program.js";
export { runBackupCli } from "./cli/program.js";
export type { RunRecord, RunRecorder, RunRecorderOptions } from "./history/run-recorder.js";
export { createRunRecorder } from "./history/run-recorder.js";
export type { BackupErrorCode, ChildFailure } from "./errors.js";
export {
  BackupError,
  BackupDirUnavailableError,
  BackupNotFoundError,
  BackupVerificationError,
  DirectoryNotWritableError,
  DiskFullError,
  LockHeldError,
  ManifestInvalidError,
  PgDumpallFailedError,
  PgDumpFailedError,
  PgRestoreFailedError,
  PgToolFailedError,
  PgToolNotFoundError,
  PgVersionMismatchError,
  PrivilegeMissingError,
  RestoreFailedError,
  RestoreValidationError,
  TargetNotEmptyError,
  UnsupportedCompressionError,
} from "./errors.js";
