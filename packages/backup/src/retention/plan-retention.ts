import { isFutureDated } from "../store/future-dated.js";
import { calendarKeys } from "./calendar-keys.js";

/** Which backups to keep. Counts of 0 turn a rule off. */
export interface RetentionPolicy {
  /** Keep the N newest. */
  keepLast: number;
  /** Keep the newest backup of each of the last N days that have one. */
  keepDaily: number;
  /** The same per ISO week. */
  keepWeekly: number;
  /** The same per calendar month. */
  keepMonthly: number;
  /** Rules stop keeping backups older than this many days (0 = no limit). */
  maxAgeDays: number;
  /** Floor: the N newest verified backups survive everything. */
  minKeep: number;
  /** A never-verified backup is kept this long (from its start) waiting for a verify, then it may go. @default 72 */
  unverifiedMaxAgeHours?: number;
}

/** Default of BACKUP_UNVERIFIED_MAX_AGE_HOURS. */
export const UNVERIFIED_MAX_AGE_HOURS = 72;

/** A backup as retention sees it: the manifest's start time, never a file mtime. */
export interface RetentionCandidate {
  id: string;
  database: string;
  startedAt: Date;
  pinned: boolean;
  /** Outcome of its last verify: only "ok" satisfies a rule or fills the floor. */
  verification: "ok" | "failed" | "never";
}

/** The decision for one backup, with every reason. */
export interface RetentionDecision {
  id: string;
  database: string;
  startedAt: string;
  reasons: string[];
}

/** What {@link planRetention} decided. */
export interface RetentionPlan {
  keep: RetentionDecision[];
  delete: RetentionDecision[];
}

/**
 * Decides, per database, which backups retention keeps: keep-last, daily,
 * weekly and monthly (the newest verified backup of each period with
 * backups), limited by max age; then pins and the floor (verified backups
 * only), which always win. Never-verified backups wait for a verify up to
 * their own age limit; future-dated ones are kept and counted nowhere, so a
 * skewed clock cannot push real backups out. Pure: the clock and the time
 * zone of the day/week/month boundaries are inputs.
 */
export function planRetention(
  candidates: RetentionCandidate[],
  policy: RetentionPolicy,
  clock: { now: Date; timeZone?: string },
): RetentionPlan {
  const plan: RetentionPlan = { keep: [], delete: [] };
  const byDatabase = new Map<string, RetentionCandidate[]>();
  for (const c of candidates) byDatabase.set(c.database, [...(byDatabase.get(c.database) ?? []), c]);
  for (const group of byDatabase.values()) {
    const sorted = [...group].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : -1));
    const reasons = decide(sorted, policy, clock.now, clock.timeZone ?? "UTC");
    for (const c of sorted) {
      const kept = reasons.get(c.id) ?? [];
      const decision = { id: c.id, database: c.database, startedAt: c.startedAt.toISOString(), reasons: kept };
      if (kept.length > 0) plan.keep.push(decision);
      else plan.delete.push({ ...decision, reasons: [deleteReason(c, policy, clock.now)] });
    }
  }
  return plan;
}

function decide(sorted: RetentionCandidate[], policy: RetentionPolicy, now: Date, timeZone: string): Map<string, string[]> {
  const reasons = new Map<string, string[]>(sorted.map((c) => [c.id, []]));
  const add = (c: RetentionCandidate, reason: string) => reasons.get(c.id)!.push(reason);
  const cutoff = policy.maxAgeDays > 0 ? now.getTime() - policy.maxAgeDays * 86_400_000 : -Infinity;
  const future = (c: RetentionCandidate) => isFutureDated(c.startedAt, now);
  const present = sorted.filter((c) => !future(c));
  const verified = present.filter((c) => c.verification === "ok");
  const eligible = verified.filter((c) => c.startedAt.getTime() >= cutoff);
  const anyCountRule = policy.keepLast + policy.keepDaily + policy.keepWeekly + policy.keepMonthly > 0;

  for (const c of sorted.filter(future)) add(c, `dated in the future (${c.startedAt.toISOString()}): not counted; check the clock of the host that wrote it`);
  if (!anyCountRule) for (const c of eligible) add(c, policy.maxAgeDays > 0 ? `younger than ${policy.maxAgeDays} days` : "no retention rule set");
  eligible.slice(0, policy.keepLast).forEach((c, i) => add(c, `last ${i + 1}`));
  for (const [period, count] of [
    ["day", policy.keepDaily],
    ["week", policy.keepWeekly],
    ["month", policy.keepMonthly],
  ] as const) {
    const seen = new Set<string>();
    for (const c of eligible) {
      if (seen.size >= count) break;
      const key = calendarKeys(c.startedAt, timeZone)[period];
      if (seen.has(key)) continue;
      seen.add(key);
      add(c, `${period === "day" ? "daily" : `${period}ly`} ${key}`);
    }
  }
  const waitHours = policy.unverifiedMaxAgeHours ?? UNVERIFIED_MAX_AGE_HOURS;
  for (const c of present) {
    if (c.verification === "never" && now.getTime() - c.startedAt.getTime() < waitHours * 3_600_000) add(c, `unverified: kept until verified or ${waitHours} h old`);
  }
  for (const c of sorted) if (c.pinned) add(c, "pinned");
  // Only a backup that passed verification is proof of anything: the floor
  // is made of those, however old.
  for (const c of verified.slice(0, policy.minKeep)) add(c, "floor");
  return reasons;
}

function deleteReason(c: RetentionCandidate, policy: RetentionPolicy, now: Date): string {
  if (c.verification === "failed") return "failed verification";
  if (c.verification === "never") return `never verified, and older than ${policy.unverifiedMaxAgeHours ?? UNVERIFIED_MAX_AGE_HOURS} h`;
  if (policy.maxAgeDays > 0 && c.startedAt.getTime() < now.getTime() - policy.maxAgeDays * 86_400_000) return `older than ${policy.maxAgeDays} days`;
  return "not selected by any rule";
}
