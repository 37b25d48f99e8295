import type { CreateBackupOptions } from "../create/create-backup.js";
import { createBackup } from "../create/create-backup.js";
import { createLogger, isNetravenError } from "@netraven/runtime";
import { createdFacts, verifiedFacts } from "../history/run-facts.js";
import type { RunRecorder } from "../history/run-recorder.js";
import { trackRun } from "../history/track-run.js";
import type { RetentionPolicy } from "../retention/plan-retention.js";
import type { PruneResult } from "../retention/prune-backups.js";
import { pruneBackups } from "../retention/prune-backups.js";
import { withLock } from "../store/backup-lock.js";
import type { VerifyReport } from "../verify/verify-backup.js";
import { verifyBackup } from "../verify/verify-backup.js";
import type { ScheduleState } from "./state.js";
import { EMPTY_STATE, readScheduleState, writeScheduleState } from "./state.js";

/** Options for {@link runBackupCycle}: those of createBackup plus retention and test restores. */
export interface BackupCycleOptions extends Omit<CreateBackupOptions, "lockHeld"> {
  policy: RetentionPolicy;
  /** Time zone of retention's day/week/month boundaries. @default "UTC" */
  timeZone?: string;
  /** Add a test restore to the first and every Nth verified run (0 = never). @default 0 */
  restoreTestEvery?: number;
  /** Server for test restores. @default databaseUrl */
  scratchDatabaseUrl?: string | undefined;
  /** Writes each step (create, verify or restore_test, prune) into `backup_runs` for the status page. @default undefined */
  recorder?: RunRecorder | undefined;
  /** Recorded in the state file for `health` and operators. @default null */
  nextRunAt?: () => Date | null;
}

/** One scheduled run; `ok` is false when any step failed. Never throws for a failed backup. */
export interface BackupCycleResult {
  ok: boolean;
  backupId: string | undefined;
  verify: VerifyReport | undefined;
  prune: PruneResult | undefined;
  error: { code: string; message: string } | undefined;
  durationMs: number;
}

/**
 * create -> verify (full read; a test restore every Nth run) -> prune, all
 * under one hold of the directory lock. Prune runs only after a verified
 * backup, so a failing database never costs the good backups. The outcome is
 * written to the state file that `health` reads.
 */
export async function runBackupCycle(options: BackupCycleOptions): Promise<BackupCycleResult> {
  const logger = options.logger ?? createLogger();
  const startedAt = new Date();
  const state: ScheduleState = (await readScheduleState(options.dir)) ?? { ...EMPTY_STATE };
  const result: BackupCycleResult = { ok: false, backupId: undefined, verify: undefined, prune: undefined, error: undefined, durationMs: 0 };
  try {
    await withLock({ dir: options.dir, command: "schedule", timeoutMs: options.lockTimeoutMs, signal: options.signal, logger }, async () => {
      const recorder = options.recorder;
      const created = await trackRun(recorder, "create", () => createBackup({ ...options, logger, lockHeld: true }), createdFacts);
      result.backupId = created.id;
      const every = options.restoreTestEvery ?? 0;
      const restoreTest = every > 0 && state.verifiedRuns % every === 0;
      const verify = (withRestoreTest: boolean) =>
        trackRun(
          recorder,
          withRestoreTest ? "restore_test" : "verify",
          () =>
            verifyBackup({
              ...options,
              id: created.id,
              restoreTest: withRestoreTest,
              scratchDatabaseUrl: options.scratchDatabaseUrl ?? options.databaseUrl,
              logger,
              lockHeld: true,
            }),
          verifiedFacts,
        );
      // A role that may not create the scratch database (managed PostgreSQL)
      // must not leave every backup unverified: verify without the test
      // restore, and say loudly what to grant.
      let restoreTested = restoreTest;
      const report = await verify(restoreTest).catch((error: unknown) => {
        if (!restoreTest || !isNetravenError(error) || error.code !== "PRIVILEGE_MISSING") throw error;
        logger.error(`test restore skipped: ${error.message}; or set BACKUP_RESTORE_TEST_EVERY=0`, { id: created.id });
        restoreTested = false;
        return verify(false);
      });
      result.verify = report;
      if (!report.ok) {
        result.error = { code: "VERIFY_FAILED", message: `backup ${created.id} failed verification: ${report.problems.join("; ")}` };
        return;
      }
      state.verifiedRuns += 1;
      state.lastVerified = {
        id: created.id,
        verifiedAt: new Date().toISOString(),
        backupStartedAt: created.manifest.startedAt,
        bytes: created.bytes,
        restoreTested,
      };
      result.prune = await trackRun(recorder, "prune", () => pruneBackups({ dir: options.dir, policy: options.policy, timeZone: options.timeZone, logger, lockHeld: true }), () => ({}));
      result.ok = true;
    });
  } catch (error) {
    result.error = isNetravenError(error) ? { code: error.code, message: error.message } : { code: "INTERNAL", message: String(error) };
    logger.error("scheduled backup failed", result.error);
  }
  result.durationMs = Date.now() - startedAt.getTime();
  state.lastRun = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    ok: result.ok,
    ...(result.backupId ? { backupId: result.backupId } : {}),
    ...(result.error ? { error: result.error } : {}),
  };
  state.nextRunAt = options.nextRunAt?.()?.toISOString() ?? null;
  await writeScheduleState(options.dir, state).catch((error: unknown) => logger.error("cannot write the schedule state", { error: String(error) }));
  return result;
}
