import type { Logger } from "@netraven/runtime";
import type { PgRunOptions } from "../run-options.js";
import { createLogger } from "@netraven/runtime";
import { withLock } from "../store/backup-lock.js";
import { readCatalog, verificationOf } from "../store/catalog.js";
import { removeLeftovers } from "../store/leftovers.js";
import { removeBackupFiles } from "../store/remove-backup-files.js";
import type { RetentionDecision, RetentionPolicy } from "./plan-retention.js";
import { planRetention } from "./plan-retention.js";

/** Options for {@link pruneBackups}. */
export interface PruneBackupsOptions extends Pick<PgRunOptions, "lockTimeoutMs" | "signal" | "logger"> {
  /** Backup directory. */
  dir: string;
  policy: RetentionPolicy;
  /** Print the plan, delete nothing. @default false */
  dryRun?: boolean;
  /** The clock retention measures age against. @default new Date() */
  now?: Date;
  /** Time zone of the day/week/month boundaries. @default "UTC" */
  timeZone?: string;
  /** The caller already holds the directory lock (the scheduler does). @default false */
  lockHeld?: boolean;
}

/** What prune kept and deleted (or would delete, on a dry run). */
export interface PruneResult {
  ok: true;
  dryRun: boolean;
  kept: RetentionDecision[];
  deleted: RetentionDecision[];
  /** Bytes freed (or that a real run would free). */
  freedBytes: number;
  /** Backups whose manifest cannot be trusted: never touched by prune, listed for a human. */
  untrusted: string[];
  /** Files of interrupted runs (a killed prune or create) removed before planning. */
  removedLeftovers: string[];
  durationMs: number;
}

/** Applies {@link planRetention} to a backup directory under the lock. */
export async function pruneBackups(options: PruneBackupsOptions): Promise<PruneResult> {
  const logger = options.logger ?? createLogger();
  const run = () => pruneLocked(options, logger);
  if (options.lockHeld) return run();
  return withLock({ dir: options.dir, command: "prune", timeoutMs: options.lockTimeoutMs, signal: options.signal, logger }, run);
}

async function pruneLocked(options: PruneBackupsOptions, logger: Logger): Promise<PruneResult> {
  const started = performance.now();
  // Finish what a killed prune (or create) started before planning anything.
  const removedLeftovers = options.dryRun ? [] : await removeLeftovers(options.dir, logger);
  const catalog = await readCatalog(options.dir);
  const plan = planRetention(
    catalog.backups.map((b) => ({
      id: b.id,
      database: b.manifest.database,
      startedAt: new Date(b.manifest.startedAt),
      pinned: b.pinned,
      verification: verificationOf(b),
    })),
    options.policy,
    { now: options.now ?? new Date(), timeZone: options.timeZone },
  );
  const sizes = new Map(catalog.backups.map((b) => [b.id, b.bytes]));
  const dryRun = options.dryRun ?? false;
  for (const decision of plan.delete) {
    logger.info(dryRun ? "would delete backup" : "deleting backup", { id: decision.id, reason: decision.reasons[0] });
    if (!dryRun) await removeBackupFiles(options.dir, decision.id);
  }
  return {
    ok: true,
    dryRun,
    kept: plan.keep,
    deleted: plan.delete,
    freedBytes: plan.delete.reduce((sum, d) => sum + (sizes.get(d.id) ?? 0), 0),
    untrusted: catalog.invalid.map((i) => i.id),
    removedLeftovers,
    durationMs: Math.round(performance.now() - started),
  };
}
