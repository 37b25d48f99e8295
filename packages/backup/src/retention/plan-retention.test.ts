import { describe, expect, it } from "vitest";

import type { RetentionCandidate, RetentionPolicy } from "./plan-retention.js";
import { planRetention } from "./plan-retention.js";

const NONE: RetentionPolicy = { keepLast: 0, keepDaily: 0, keepWeekly: 0, keepMonthly: 0, maxAgeDays: 0, minKeep: 1 };

function backup(iso: string, extra: Partial<RetentionCandidate> = {}): RetentionCandidate {
  return { id: `db-${iso}`, database: "netraven", startedAt: new Date(iso), pinned: false, verification: "ok", ...extra };
}

/** One backup a day at 02:00 UTC from `from` to `to` inclusive. */
function daily(from: string, to: string): RetentionCandidate[] {
  const out: RetentionCandidate[] = [];
  for (let t = Date.parse(`${from}T02:00:00.000Z`); t <= Date.parse(`${to}T02:00:00.000Z`); t += 86_400_000) {
    out.push(backup(new Date(t).toISOString()));
  }
  return out;
}

const kept = (plan: ReturnType<typeof planRetention>) => plan.keep.map((d) => d.startedAt).sort();

describe("planRetention under a controlled clock", () => {
  const now = new Date("2025-03-10T15:00:00.000Z"); // a Monday: ISO week 2025-W11 starts today
  const all = [...daily("2025-01-01", "2025-03-10"), backup("2025-03-10T14:00:00.000Z"), backup("2025-03-09T14:00:00.000Z")];

  it("keeps the newest backup of each of the last N days, ISO weeks and months, plus keep-last", () => {
    const plan = planRetention(all, { keepLast: 2, keepDaily: 3, keepWeekly: 2, keepMonthly: 2, maxAgeDays: 0, minKeep: 1 }, { now });
    expect(kept(plan)).toEqual([
      "2025-02-28T02:00:00.000Z", // monthly 2025-02 (newest of February)
      "2025-03-08T02:00:00.000Z", // daily 2025-03-08
      "2025-03-09T14:00:00.000Z", // daily 2025-03-09 and weekly 2025-W10 (newest of Mar 3-9)
      "2025-03-10T02:00:00.000Z", // last 2
      "2025-03-10T14:00:00.000Z", // last 1, daily, weekly 2025-W11, monthly 2025-03, floor
    ]);
    const newest = plan.keep.find((d) => d.startedAt === "2025-03-10T14:00:00.000Z")!;
    expect(newest.reasons).toEqual(["last 1", "daily 2025-03-10", "weekly 2025-W11", "monthly 2025-03", "floor"]);
    expect(plan.delete).toHaveLength(all.length - 5);
    expect(plan.delete.every((d) => d.reasons[0] === "not selected by any rule")).toBe(true);
  });

  it("always keeps pinned backups and the floor, whatever their age", () => {
    const pinned = all.map((b) => (b.startedAt.toISOString() === "2025-01-15T02:00:00.000Z" ? { ...b, pinned: true } : b));
    const plan = planRetention(pinned, { ...NONE, maxAgeDays: 30, minKeep: 3 }, { now: new Date("2026-01-01T00:00:00.000Z") });
    expect(kept(plan)).toEqual(["2025-01-15T02:00:00.000Z", "2025-03-09T14:00:00.000Z", "2025-03-10T02:00:00.000Z", "2025-03-10T14:00:00.000Z"]);
    expect(plan.keep.find((d) => d.startedAt.startsWith("2025-01-15"))!.reasons).toEqual(["pinned"]);
    expect(plan.delete.every((d) => d.reasons[0] === "older than 30 days")).toBe(true);
  });

  it("with only a max age, keeps what is younger and deletes the rest", () => {
    const plan = planRetention(all, { ...NONE, maxAgeDays: 3 }, { now });
    expect(kept(plan)).toEqual(["2025-03-08T02:00:00.000Z", "2025-03-09T02:00:00.000Z", "2025-03-09T14:00:00.000Z", "2025-03-10T02:00:00.000Z", "2025-03-10T14:00:00.000Z"]);
  });

  it("max age also limits the count rules", () => {
    const plan = planRetention(all, { ...NONE, keepMonthly: 12, maxAgeDays: 5 }, { now });
    expect(kept(plan)).toEqual(["2025-03-10T14:00:00.000Z"]);
  });

  it("keeps everything when no rule is set", () => {
    expect(planRetention(all, NONE, { now }).delete).toEqual([]);
  });

  it("does not let a backup that failed verification satisfy a rule or take a floor slot", () => {
    const backups = [backup("2025-03-10T14:00:00.000Z", { verification: "failed" }), backup("2025-03-10T02:00:00.000Z"), backup("2025-03-09T02:00:00.000Z")];
    const plan = planRetention(backups, { ...NONE, keepDaily: 1, minKeep: 1 }, { now });
    expect(kept(plan)).toEqual(["2025-03-10T02:00:00.000Z"]);
    expect(plan.delete.find((d) => d.startedAt.startsWith("2025-03-10T14"))!.reasons).toEqual(["failed verification"]);
  });

  it("fills the floor with verified backups only: a failed one is no proof of anything", () => {
    const backups = [backup("2025-03-10T02:00:00.000Z", { verification: "failed" }), backup("2025-03-01T02:00:00.000Z")];
    const plan = planRetention(backups, { ...NONE, maxAgeDays: 1, minKeep: 2 }, { now });
    expect(kept(plan)).toEqual(["2025-03-01T02:00:00.000Z"]);
  });

  it("keeps never-verified backups until they are verified or past their own age limit", () => {
    const backups = [backup("2025-03-10T02:00:00.000Z", { verification: "never" }), backup("2025-03-01T02:00:00.000Z", { verification: "never" })];
    const plan = planRetention(backups, { ...NONE, keepLast: 5, minKeep: 2, unverifiedMaxAgeHours: 24 }, { now });
    expect(kept(plan)).toEqual(["2025-03-10T02:00:00.000Z"]);
    expect(plan.delete[0]!.reasons).toEqual(["never verified, and older than 24 h"]);
  });

  it("keeps a future-dated backup without letting it count as newest", () => {
    const backups = [backup("2030-01-01T00:00:00.000Z"), backup("2025-03-10T02:00:00.000Z"), backup("2025-03-09T02:00:00.000Z")];
    const plan = planRetention(backups, { ...NONE, keepLast: 1, minKeep: 1 }, { now });
    expect(kept(plan)).toEqual(["2025-03-10T02:00:00.000Z", "2030-01-01T00:00:00.000Z"]);
  });

  it("puts day boundaries in the configured time zone", () => {
    // 23:30 UTC on the 9th is already the 10th in Berlin (UTC+1 in March).
    const backups = [backup("2025-03-10T08:00:00.000Z"), backup("2025-03-09T23:30:00.000Z"), backup("2025-03-09T20:00:00.000Z")];
    const policy = { ...NONE, keepDaily: 2 };
    expect(kept(planRetention(backups, policy, { now, timeZone: "UTC" }))).toEqual(["2025-03-09T23:30:00.000Z", "2025-03-10T08:00:00.000Z"]);
    expect(kept(planRetention(backups, policy, { now, timeZone: "Europe/Berlin" }))).toEqual(["2025-03-09T20:00:00.000Z", "2025-03-10T08:00:00.000Z"]);
  });

  it("applies the rules to each database on its own", () => {
    const backups = [backup("2025-03-10T02:00:00.000Z"), backup("2025-03-09T02:00:00.000Z", { database: "other", id: "other-1" })];
    const plan = planRetention(backups, { ...NONE, keepLast: 1 }, { now });
    expect(plan.keep.map((d) => d.database).sort()).toEqual(["netraven", "other"]);
  });
});
