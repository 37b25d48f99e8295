import { requireBackupDir } from "../store/backup-dir.js";
import type { ScheduleState } from "./state.js";
import { readScheduleState } from "./state.js";

/** Thresholds for {@link evaluateHealth}. */
export interface HealthPolicy {
  /** The last verified backup must be younger than this. */
  maxAgeHours: number;
  /** ...and at least this large. */
  minBytes: number;
}

/** The health verdict. `exitCode` is what the `health` command exits with. */
export interface HealthReport {
  healthy: boolean;
  /** 0 fresh, 10 no verified backup yet, 11 stale, 12 too small. */
  exitCode: 0 | 10 | 11 | 12;
  reason: string;
  /** Age of the last verified backup (from its start), when there is one. */
  ageHours: number | undefined;
  state: ScheduleState | undefined;
}

/**
 * Healthy means a backup was created and verified recently enough and is
 * plausibly sized; a scheduler that stopped firing turns this unhealthy by
 * itself, unlike a "last exit status" check. Pure: the clock is an input.
 */
export function evaluateHealth(state: ScheduleState | undefined, policy: HealthPolicy, now: Date): HealthReport {
  const verified = state?.lastVerified;
  if (!verified) {
    return { healthy: false, exitCode: 10, reason: "no verified backup recorded yet (is `netraven-backup schedule` running?)", ageHours: undefined, state };
  }
  const ageHours = (now.getTime() - Date.parse(verified.backupStartedAt)) / 3_600_000;
  const failing = state.lastRun && !state.lastRun.ok ? `; the last run failed: ${state.lastRun.error?.message ?? "unknown error"}` : "";
  if (ageHours > policy.maxAgeHours) {
    return {
      healthy: false,
      exitCode: 11,
      reason: `the last verified backup (${verified.id}) is ${ageHours.toFixed(1)} h old, more than ${policy.maxAgeHours} h${failing}`,
      ageHours,
      state,
    };
  }
  if (verified.bytes < policy.minBytes) {
    return { healthy: false, exitCode: 12, reason: `the last verified backup (${verified.id}) has ${verified.bytes} bytes, fewer than ${policy.minBytes}`, ageHours, state };
  }
  return { healthy: true, exitCode: 0, reason: `last verified backup ${verified.id} is ${ageHours.toFixed(1)} h old${failing}`, ageHours, state };
}

/** Reads the state file of a backup directory and evaluates it. */
export async function checkHealth(dir: string, policy: HealthPolicy, now = new Date()): Promise<HealthReport> {
  await requireBackupDir(dir);
  return evaluateHealth(await readScheduleState(dir), policy, now);
}
