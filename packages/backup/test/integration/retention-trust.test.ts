import { access, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { pruneBackups, readCatalog } from "../../src/index.js";
import { memoryLogger, tempDir } from "../helpers/options.js";
import { runCli } from "../helpers/run-cli.js";
import { writeSyntheticBackup } from "../helpers/synthetic-manifest.js";

// What retention may trust: only verified backups satisfy rules and fill the
// floor; a backup dated in the future (clock skew) counts for nothing and
// cannot push real backups out; prune finishes what its own killed run began.

const DEFAULTS = { keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 6, maxAgeDays: 0, minKeep: 3 };
const HOUR = 3_600_000;

describe("retention trusts only verified backups", () => {
  it("one verified backup and ten never-verified ones the same day: the verified one stays, the young unverified ones wait", async () => {
    const dir = await tempDir();
    const now = new Date("2025-03-10T15:00:00.000Z");
    const verified = await writeSyntheticBackup(dir, new Date("2025-03-10T01:00:00.000Z"), { verified: "ok" });
    const unverified: string[] = [];
    for (let i = 0; i < 10; i++) unverified.push(await writeSyntheticBackup(dir, new Date(Date.parse("2025-03-10T02:00:00.000Z") + i * 60_000)));
    // Never verified and far older than BACKUP_UNVERIFIED_MAX_AGE_HOURS (72): nothing vouches for it.
    const stale = await writeSyntheticBackup(dir, new Date(now.getTime() - 100 * HOUR));

    const result = await pruneBackups({ dir, policy: DEFAULTS, now, logger: memoryLogger() });
    const survivors = (await readCatalog(dir)).backups.map((b) => b.id);
    expect(survivors).toContain(verified);
    expect(survivors).toEqual(expect.arrayContaining(unverified));
    expect(result.kept.find((d) => d.id === verified)?.reasons).toEqual(expect.arrayContaining(["last 1", "floor"]));
    expect(result.kept.find((d) => d.id === unverified[0])?.reasons).toEqual(["unverified: kept until verified or 72 h old"]);
    expect(result.deleted.map((d) => [d.id, d.reasons])).toEqual([[stale, ["never verified, and older than 72 h"]]]);
  });

  it("the floor counts verified backups only", async () => {
    const dir = await tempDir();
    const now = new Date("2025-03-10T15:00:00.000Z");
    const good = await writeSyntheticBackup(dir, new Date("2025-03-01T02:00:00.000Z"), { verified: "ok" });
    await writeSyntheticBackup(dir, new Date("2025-03-05T02:00:00.000Z"), { verified: "failed" });
    await writeSyntheticBackup(dir, new Date("2025-03-06T02:00:00.000Z"));
    const result = await pruneBackups({ dir, policy: { keepLast: 0, keepDaily: 0, keepWeekly: 0, keepMonthly: 0, maxAgeDays: 1, minKeep: 1 }, now, logger: memoryLogger() });
    expect(result.kept.map((d) => [d.id, d.reasons])).toEqual([[good, ["floor"]]]);
  });
});

describe("a backup dated in the future", () => {
  it("is flagged by list, is never latest, and does not make prune delete the real backups", async () => {
    const dir = await tempDir();
    const now = Date.now();
    const real: string[] = [];
    for (let i = 20; i >= 1; i--) real.push(await writeSyntheticBackup(dir, new Date(now - i * 24 * HOUR), { verified: "ok" }));
    const future = await writeSyntheticBackup(dir, new Date(now + 365 * 24 * HOUR), { verified: "ok" });
    const env = { BACKUP_DIR: dir };

    const list = JSON.parse((await runCli(["list", "--json"], env)).stdout) as { backups: { id: string; futureDated: boolean }[] };
    expect(list.backups.find((b) => b.id === future)?.futureDated).toBe(true);
    expect(list.backups.filter((b) => b.futureDated)).toHaveLength(1);
    const table = (await runCli(["list"], env)).stdout;
    expect(table.split("\n").find((l) => l.startsWith(future))).toContain("FUTURE");

    const pinned = await runCli(["pin", "latest"], env);
    expect(pinned.stdout).toBe(`pinned ${real.at(-1)}`);
    await runCli(["unpin", real.at(-1)!], env);

    const pruned = await runCli(["prune", "--json", "--keep-last", "1", "--min-keep", "1", "--keep-daily", "0", "--keep-weekly", "0", "--keep-monthly", "0"], env);
    expect(pruned.exitCode).toBe(0);
    const result = JSON.parse(pruned.stdout) as { kept: { id: string; reasons: string[] }[] };
    expect(result.kept.map((k) => k.id).sort()).toEqual([real.at(-1), future].sort());
    expect(result.kept.find((k) => k.id === future)?.reasons[0]).toMatch(/^dated in the future/);
  });
});

describe("prune after its own interrupted run", () => {
  it("removes the files a prune killed between deleting a manifest and the rest left behind", async () => {
    const dir = await tempDir();
    const now = new Date("2025-03-10T15:00:00.000Z");
    const keep = await writeSyntheticBackup(dir, new Date("2025-03-10T02:00:00.000Z"), { verified: "ok" });
    const half = await writeSyntheticBackup(dir, new Date("2025-03-01T02:00:00.000Z"), { verified: "ok" });
    // removeBackupFiles deletes the manifest first: a kill right after leaves exactly this.
    await rm(path.join(dir, `${half}.manifest.json`));
    const result = await pruneBackups({ dir, policy: DEFAULTS, now, logger: memoryLogger() });
    expect(result.removedLeftovers.sort()).toEqual([`${half}.dump`, `${half}.verify.json`]);
    expect((await readdir(dir)).filter((n) => !n.startsWith(keep))).toEqual([]);
  });
});

describe("prune SIGKILLed mid-delete", () => {
  it("leaves files that the next prune removes", async () => {
    const dir = await tempDir();
    const now = Date.now();
    const keep = await writeSyntheticBackup(dir, new Date(now - 3_600_000), { verified: "ok" });
    const doomed = await writeSyntheticBackup(dir, new Date(now - 48 * 3_600_000), { verified: "failed" });
    // A directory-format archive of many files: deleting it takes long enough to be killed half-way.
    const archive = path.join(dir, `${doomed}.dir`);
    await mkdir(archive);
    for (let batch = 0; batch < 8; batch++) {
      await Promise.all(Array.from({ length: 1000 }, (_, i) => writeFile(path.join(archive, `${batch * 1000 + i}.dat.gz`), "x")));
    }
    const run = runCli(["prune"], { BACKUP_DIR: dir });
    const manifest = path.join(dir, `${doomed}.manifest.json`);
    while (await access(manifest).then(() => true, () => false)) await new Promise((r) => setTimeout(r, 2));
    process.kill(run.pid!, "SIGKILL");
    await run;
    expect(await access(archive).then(() => true, () => false)).toBe(true); // killed half-way: files of a backup that no longer exists

    const next = await runCli(["prune", "--json"], { BACKUP_DIR: dir });
    expect(next.exitCode).toBe(0);
    expect((JSON.parse(next.stdout) as { removedLeftovers: string[] }).removedLeftovers).toContain(`${doomed}.dir`);
    expect((await readdir(dir)).filter((n) => !n.startsWith(keep) && !n.startsWith("."))).toEqual([]);
  });
});
