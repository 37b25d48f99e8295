import { Cron } from "croner";

import { createLogger } from "@netraven/runtime";
import { ensureWritableDir } from "../store/preflight.js";
import type { BackupCycleOptions, BackupCycleResult } from "./run-cycle.js";
import { runBackupCycle } from "./run-cycle.js";

/** Options for {@link runSchedule}. */
export interface RunScheduleOptions extends BackupCycleOptions {
  /** Cron expression (5 fields, or 6 with seconds). */
  cron: string;
  /** Run one cycle at start instead of waiting for the first tick. @default false */
  runOnStart?: boolean;
  /** Stops the schedule; a running cycle is cancelled (pg_dump is terminated, its files removed). */
  signal: AbortSignal;
  /** Called after every cycle. */
  onCycle?: (result: BackupCycleResult) => void;
}

/**
 * Runs backup cycles on a cron schedule until `signal` aborts, never two at
 * once (a tick that comes while a cycle runs is skipped and logged). Resolves
 * after the running cycle, if any, has been cancelled and cleaned up.
 */
export async function runSchedule(options: RunScheduleOptions): Promise<void> {
  const logger = options.logger ?? createLogger();
  if (options.signal.aborted) return;
  // Create the directory and prove it writable now, so a wrong mount fails
  // the service at start instead of at every tick.
  await ensureWritableDir(options.dir);
  let running: Promise<void> | undefined;
  const timeZone = options.timeZone ?? "UTC";
  const nextRunAt = () => ticker.nextRun() ?? null;
  const cycle = () => {
    if (running) {
      logger.warn("skipping a scheduled run: the previous one is still running");
      return;
    }
    running = runBackupCycle({ ...options, logger, nextRunAt })
      .then((result) => {
        options.onCycle?.(result);
        if (!options.signal.aborted) logger.info("next scheduled run", { at: nextRunAt()?.toISOString() });
      })
      .catch((error: unknown) => logger.error("scheduled run crashed", { error: String(error) }))
      .finally(() => {
        running = undefined;
      });
  };
  const ticker = new Cron(options.cron, { timezone: timeZone }, cycle);
  logger.info("backup schedule started", { cron: options.cron, timeZone, next: nextRunAt()?.toISOString() });
  if (options.runOnStart) cycle();
  await new Promise<void>((resolve) => options.signal.addEventListener("abort", () => resolve(), { once: true }));
  ticker.stop();
  logger.info("backup schedule stopping");
  await running;
}
