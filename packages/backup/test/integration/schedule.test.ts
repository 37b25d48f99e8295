import { readdir } from "node:fs/promises";

import { useTestDatabase } from "@netraven/db-schema/testing";
import { describe, expect, it } from "vitest";

import type { BackupCycleResult } from "../../src/index.js";
import { checkHealth, LOCK_FILE, readCatalog, readScheduleState, runBackupCycle, runSchedule } from "../../src/index.js";
import { memoryLogger, PG_OPTIONS, tempDir } from "../helpers/options.js";
import { runCli } from "../helpers/run-cli.js";
import { useDumpStaller } from "../helpers/stall-dump.js";

const database = useTestDatabase();
const POLICY = { keepLast: 2, keepDaily: 0, keepWeekly: 0, keepMonthly: 0, maxAgeDays: 0, minKeep: 1 };
const staller = useDumpStaller(() => database().url);

describe("scheduled runs", () => {
  it("create -> verify (with a test restore) -> prune, recorded for the health check; failures keep the last good state", async () => {
    const dir = await tempDir();
    const options = { databaseUrl: database().url, dir, policy: POLICY, restoreTestEvery: 2, ...PG_OPTIONS, logger: memoryLogger() };
    const results: BackupCycleResult[] = [];
    for (let i = 0; i < 3; i++) results.push(await runBackupCycle(options));
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(results.map((r) => r.verify?.checks.some((c) => c.name === "restore-test"))).toEqual([true, false, true]);
    expect(results[2]!.prune?.deleted.map((d) => d.id)).toEqual([results[0]!.backupId]);
    expect((await readCatalog(dir)).backups.map((b) => b.id)).toEqual([results[2]!.backupId, results[1]!.backupId]);

    const state = await readScheduleState(dir);
    expect(state).toMatchObject({ verifiedRuns: 3, lastRun: { ok: true }, lastVerified: { id: results[2]!.backupId, restoreTested: true } });
    const policy = { maxAgeHours: 1, minBytes: 1 };
    expect((await checkHealth(dir, policy)).exitCode).toBe(0);
    expect((await checkHealth(dir, policy, new Date(Date.now() + 2 * 3_600_000))).exitCode).toBe(11);
    expect((await checkHealth(dir, { maxAgeHours: 1, minBytes: 10 ** 12 })).exitCode).toBe(12);

    const broken = await runBackupCycle({ ...options, databaseUrl: database().url.replace(/:(\d+)\//, ":1/") });
    expect(broken).toMatchObject({ ok: false, error: { code: "DB_UNREACHABLE" } });
    expect(broken.prune).toBeUndefined();
    expect((await readCatalog(dir)).backups).toHaveLength(2);
    expect(await readScheduleState(dir)).toMatchObject({ lastRun: { ok: false }, lastVerified: { id: results[2]!.backupId } });
    const health = await runCli(["health"], { BACKUP_DIR: dir });
    expect(health.exitCode).toBe(0);
    expect(health.stdout).toContain("the last run failed");
  });

  it("creates a missing backup directory at start instead of failing at every tick", async () => {
    const dir = `${await tempDir()}/not/yet/there`;
    const controller = new AbortController();
    const running = runSchedule({ cron: "0 0 1 1 *", signal: controller.signal, databaseUrl: database().url, dir, policy: POLICY, ...PG_OPTIONS, logger: memoryLogger() });
    setTimeout(() => controller.abort(), 100);
    await running;
    expect(await readdir(dir)).toEqual([]);
  });

  it("fires on its cron schedule and stops when told", async () => {
    const dir = await tempDir();
    const controller = new AbortController();
    const cycles: BackupCycleResult[] = [];
    await runSchedule({
      cron: "* * * * * *",
      signal: controller.signal,
      onCycle: (result) => {
        cycles.push(result);
        controller.abort();
      },
      databaseUrl: database().url,
      dir,
      policy: POLICY,
      ...PG_OPTIONS,
      logger: memoryLogger(),
    });
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.ok).toBe(true);
    expect((await readScheduleState(dir))?.nextRunAt).not.toBeNull();
  });

  it("on SIGTERM mid-dump terminates pg_dump, removes its files and the lock, and exits 0", async () => {
    const dir = await tempDir();
    const env = { DATABASE_URL: database().url, BACKUP_DIR: dir, PG_BIN: PG_OPTIONS.pgBin, BACKUP_SCHEDULE: "0 0 1 1 *", BACKUP_RUN_ON_START: "true" };
    expect((await runCli(["health"], env)).exitCode).toBe(10);
    const stall = await staller.stall();
    const service = runCli(["schedule", "--log-format", "json"], env);
    await stall.waitForDump();
    expect((await readdir(dir)).some((n) => n.endsWith(".partial"))).toBe(true);
    service.kill("SIGTERM");
    const result = await service;

    expect(result.exitCode).toBe(0);
    expect(await readdir(dir)).toEqual([".netraven-backup-state.json"]);
    expect(await readdir(dir)).not.toContain(LOCK_FILE);
    expect(await readScheduleState(dir)).toMatchObject({ lastRun: { ok: false, error: { code: "INTERRUPTED" } }, lastVerified: null });
    const lines = result.stderr.split("\n").filter(Boolean);
    expect(lines.every((line) => line.startsWith("{"))).toBe(true);
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toContain("received SIGTERM; stopping (send it again to exit at once)");
  });
});
