import { readdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { pinBackup, pruneBackups, readCatalog } from "../../src/index.js";
import { memoryLogger, tempDir } from "../helpers/options.js";
import { writeSyntheticBackup } from "../helpers/synthetic-manifest.js";
import { runCli } from "../helpers/run-cli.js";

// Retention on a real directory: synthetic but complete backups (valid
// manifests, real files), a fixed clock, and file mtimes that lie.

const POLICY = { keepLast: 2, keepDaily: 3, keepWeekly: 2, keepMonthly: 2, maxAgeDays: 0, minKeep: 1 };
const NOW = new Date("2025-03-10T15:00:00.000Z");


/** 69 daily backups at 02:00 UTC (2025-01-01 .. 2025-03-10) plus two afternoon ones; mtimes run backwards. */
async function populate(dir: string): Promise<string[]> {
  const times: Date[] = [];
  for (let t = Date.parse("2025-01-01T02:00:00.000Z"); t <= Date.parse("2025-03-10T02:00:00.000Z"); t += 86_400_000) times.push(new Date(t));
  times.push(new Date("2025-03-09T14:00:00.000Z"), new Date("2025-03-10T14:00:00.000Z"));
  const ids: string[] = [];
  for (const [i, time] of times.entries()) {
    const id = await writeSyntheticBackup(dir, time, { verified: "ok" });
    ids.push(id);
    // The oldest backup gets the newest mtime: retention must not care.
    const lie = new Date(Date.parse("2026-01-01T00:00:00.000Z") - i * 86_400_000);
    for (const suffix of [".dump", ".manifest.json", ".verify.json"]) await utimes(path.join(dir, id + suffix), lie, lie);
  }
  await writeFile(path.join(dir, "notes.txt"), "not ours");
  return ids;
}

const idAt = (iso: string) => `netraven-${iso.replace(/[-:.]/g, "")}`;

describe("prune", () => {
  it("keeps the floor, the pins and the right daily/weekly/monthly survivors by manifest time; dry run first", async () => {
    const dir = await tempDir();
    const ids = await populate(dir);
    const logger = memoryLogger();
    await pinBackup({ dir, id: idAt("2025-01-15T02:00:00.000Z"), reason: "before the upgrade" });
    // A verification failure on the newest 02:00 backup of Mar 8: the daily rule must take no failed backup.
    await writeFile(path.join(dir, `${idAt("2025-03-08T02:00:00.000Z")}.verify.json`), JSON.stringify({ ok: false, verifiedAt: NOW.toISOString(), restoreTested: false, problems: ["x"] }));

    const dry = await pruneBackups({ dir, policy: POLICY, now: NOW, dryRun: true, logger });
    expect(dry.deleted.length).toBeGreaterThan(60);
    expect((await readCatalog(dir)).backups).toHaveLength(ids.length);

    const result = await pruneBackups({ dir, policy: POLICY, now: NOW, logger });
    const survivors = (await readCatalog(dir)).backups.map((b) => b.manifest.startedAt).sort();
    expect(survivors).toEqual([
      "2025-01-15T02:00:00.000Z", // pinned
      "2025-02-28T02:00:00.000Z", // monthly 2025-02
      "2025-03-07T02:00:00.000Z", // daily (Mar 8's only backup failed verification)
      "2025-03-09T14:00:00.000Z", // daily 2025-03-09, weekly 2025-W10
      "2025-03-10T02:00:00.000Z", // last 2
      "2025-03-10T14:00:00.000Z", // last 1, daily, weekly 2025-W11, monthly 2025-03, floor
    ]);
    expect(result.kept.map((d) => d.startedAt).sort()).toEqual(survivors);
    expect(result.deleted.find((d) => d.id === idAt("2025-03-08T02:00:00.000Z"))?.reasons).toEqual(["failed verification"]);
    expect(result.freedBytes).toBeGreaterThan(0);

    const left = await readdir(dir);
    expect(left).toContain("notes.txt");
    expect(left).toContain(`${idAt("2025-01-15T02:00:00.000Z")}.pin`);
    const deletedIds = result.deleted.map((d) => d.id);
    expect(left.filter((name) => deletedIds.some((id) => name.startsWith(id)))).toEqual([]);
  });

  it("keeps the floor when every backup is past the max age, and the CLI shows the plan", async () => {
    const dir = await tempDir();
    await populate(dir);
    const env = { BACKUP_DIR: dir, BACKUP_MAX_AGE_DAYS: "7", BACKUP_MIN_KEEP: "4", BACKUP_KEEP_LAST: "0", BACKUP_KEEP_DAILY: "0", BACKUP_KEEP_WEEKLY: "0", BACKUP_KEEP_MONTHLY: "0" };
    // Against today's clock every synthetic backup is far older than 7 days.
    const plan = await runCli(["prune", "--dry-run", "--json"], env);
    expect(plan.exitCode).toBe(0);
    const { kept, deleted } = JSON.parse(plan.stdout) as { kept: { startedAt: string; reasons: string[] }[]; deleted: unknown[] };
    expect(kept.map((k) => k.startedAt).sort()).toEqual(["2025-03-09T02:00:00.000Z", "2025-03-09T14:00:00.000Z", "2025-03-10T02:00:00.000Z", "2025-03-10T14:00:00.000Z"]);
    expect(kept.every((k) => k.reasons.includes("floor"))).toBe(true);
    expect(deleted).toHaveLength(67);

    const real = await runCli(["prune", "--min-keep", "2"], env);
    expect(real.exitCode).toBe(0);
    expect((await readCatalog(dir)).backups).toHaveLength(2);
  });
});
