import { describe, expect, it } from "vitest";

import { evaluateHealth } from "./health.js";
import type { ScheduleState } from "./state.js";
import { EMPTY_STATE } from "./state.js";

const policy = { maxAgeHours: 26, minBytes: 1000 };
const verifiedAt = (startedAt: string, bytes = 5000): ScheduleState => ({
  ...EMPTY_STATE,
  lastVerified: { id: "db-1", verifiedAt: startedAt, backupStartedAt: startedAt, bytes, restoreTested: false },
});
const now = new Date("2025-03-10T12:00:00.000Z");

describe("evaluateHealth", () => {
  it("is healthy while the last verified backup is fresh and large enough", () => {
    expect(evaluateHealth(verifiedAt("2025-03-10T02:00:00.000Z"), policy, now)).toMatchObject({ healthy: true, exitCode: 0, ageHours: 10 });
  });

  it("is unhealthy before any verified backup, when stale and when too small", () => {
    expect(evaluateHealth(undefined, policy, now).exitCode).toBe(10);
    expect(evaluateHealth(EMPTY_STATE, policy, now).exitCode).toBe(10);
    expect(evaluateHealth(verifiedAt("2025-03-09T09:00:00.000Z"), policy, now)).toMatchObject({ healthy: false, exitCode: 11 });
    expect(evaluateHealth(verifiedAt("2025-03-10T02:00:00.000Z", 20), policy, now)).toMatchObject({ healthy: false, exitCode: 12 });
  });

  it("mentions a failing last run, which turns into staleness by itself", () => {
    const state: ScheduleState = {
      ...verifiedAt("2025-03-08T02:00:00.000Z"),
      lastRun: { startedAt: "2025-03-10T02:00:00.000Z", finishedAt: "2025-03-10T02:00:01.000Z", ok: false, error: { code: "PG_DUMP_FAILED", message: "pg_dump failed" } },
    };
    const report = evaluateHealth(state, policy, now);
    expect(report.exitCode).toBe(11);
    expect(report.reason).toContain("the last run failed: pg_dump failed");
  });
});
