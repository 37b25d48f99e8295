import { useTestDatabase } from "@netraven/db-schema/testing";
import { describe, expect, it } from "vitest";

import { acquireLock, createBackup, readCatalog, verifyBackup } from "../../src/index.js";
import { memoryLogger, PG_OPTIONS, tempDir } from "../helpers/options.js";
import { runCli, waitForStderr } from "../helpers/run-cli.js";
import { useDumpStaller } from "../helpers/stall-dump.js";

const database = useTestDatabase();
const staller = useDumpStaller(() => database().url);

describe("two creates at once", () => {
  it("the second fails fast with 75, naming the holder, while the first completes", async () => {
    const dir = await tempDir();
    const env = { DATABASE_URL: database().url, BACKUP_DIR: dir, PG_BIN: PG_OPTIONS.pgBin };
    const stall = await staller.stall();
    const first = runCli(["create"], env);
    await stall.waitForDump();

    const second = await runCli(["create"], env);
    expect(second.exitCode).toBe(75);
    expect(second.stderr).toMatch(new RegExp(`another backup run holds .*: pid ${first.pid} on .* \\(create, since`));

    await staller.release();
    expect((await first).exitCode).toBe(0);
    expect((await readCatalog(dir)).backups).toHaveLength(1);
  });

  it("with a lock timeout the second waits, and the two never overlap", async () => {
    const dir = await tempDir();
    const env = { DATABASE_URL: database().url, BACKUP_DIR: dir, PG_BIN: PG_OPTIONS.pgBin, BACKUP_LOCK_TIMEOUT_MS: "60000" };
    const stall = await staller.stall();
    const first = runCli(["create"], env);
    await stall.waitForDump();
    const second = runCli(["create"], env);
    await waitForStderr(second, /waiting for the backup lock/);
    await staller.release();

    const [a, b] = await Promise.all([first, second]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    // One line when the wait starts and one when it ends, not one per attempt.
    expect(b.stderr.match(/waiting for the backup lock: held by pid \d+/g)).toHaveLength(1);
    expect(b.stderr).toMatch(/the backup lock is available after \d+ failed attempts/);
    const backups = (await readCatalog(dir)).backups.map((x) => x.manifest).sort((x, y) => x.startedAt.localeCompare(y.startedAt));
    expect(backups).toHaveLength(2);
    expect(Date.parse(backups[0]!.finishedAt)).toBeLessThanOrEqual(Date.parse(backups[1]!.startedAt));
    for (const m of backups) expect((await verifyBackup({ dir, id: m.id, ...PG_OPTIONS, logger: memoryLogger() })).ok).toBe(true);
  });

  it("holds within one process too", async () => {
    const dir = await tempDir();
    const run = () => createBackup({ databaseUrl: database().url, dir, ...PG_OPTIONS, logger: memoryLogger() });
    const stall = await staller.stall();
    const first = run();
    await stall.waitForDump();
    await expect(run()).rejects.toMatchObject({ code: "LOCK_HELD", message: expect.stringContaining(`pid ${process.pid}`) });
    await staller.release();
    expect((await first).ok).toBe(true);
  });

  it("admits exactly one of many simultaneous acquirers", async () => {
    const dir = await tempDir();
    const attempts = await Promise.allSettled(Array.from({ length: 12 }, () => acquireLock({ dir, command: "test" })));
    const held = attempts.filter((a) => a.status === "fulfilled");
    expect(held).toHaveLength(1);
    await (held[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireLock>>>).value.release();
    await (await acquireLock({ dir, command: "test" })).release();
  });
});
