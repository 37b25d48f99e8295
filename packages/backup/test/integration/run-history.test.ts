import { readdir, truncate, writeFile } from "node:fs/promises";
import path from "node:path";

import { useTestDatabase } from "@netraven/db-schema/testing";
import { findFreePort } from "@netraven/runtime/embedded-postgres";
import { beforeAll, describe, expect, it } from "vitest";

import { createRunRecorder, runBackupCycle } from "../../src/index.js";
import { queryRows } from "../helpers/databases.js";
import { memoryLogger, PG_OPTIONS, tempDir } from "../helpers/options.js";
import { runCli } from "../helpers/run-cli.js";

// Runs recorded in the backed-up database's backup_runs, as the API's status
// page and metrics read them (docs/backup.md, "Run history").

const database = useTestDatabase();
let env: Record<string, string | undefined>;

interface Row {
  kind: string;
  outcome: string;
  backup_id: string | null;
  backup_created_at: Date | null;
  size_bytes: string | null;
  verified_at: Date | null;
  restore_tested_at: Date | null;
  backup_count: number | null;
  error_code: string | null;
  message: string | null;
  tool_version: string | null;
}

const rows = () => queryRows<Row>(database().url, "SELECT * FROM backup_runs ORDER BY finished_at, id");
const clear = () => queryRows(database().url, "DELETE FROM backup_runs");

beforeAll(async () => {
  env = { DATABASE_URL: database().url, BACKUP_DIR: await tempDir(), PG_BIN: PG_OPTIONS.pgBin };
});

describe("backup_runs", () => {
  it("create and verify --restore-test leave rows with size, verified and test-restored times", async () => {
    await clear();
    const created = await runCli(["create", "--json"], env);
    expect(created.exitCode).toBe(0);
    const { id, bytes, manifest } = JSON.parse(created.stdout) as { id: string; bytes: number; manifest: { startedAt: string } };
    expect((await runCli(["verify", id, "--restore-test"], env)).exitCode).toBe(0);
    expect((await runCli(["prune"], env)).exitCode).toBe(0);

    const [create, restoreTest, prune, ...more] = await rows();
    expect(more).toEqual([]);
    expect(create).toMatchObject({ kind: "create", outcome: "ok", backup_id: id, size_bytes: String(bytes), verified_at: null, backup_count: 1, error_code: null, tool_version: expect.any(String) });
    expect(create!.backup_created_at?.toISOString()).toBe(manifest.startedAt);
    expect(restoreTest).toMatchObject({ kind: "restore_test", outcome: "ok", backup_id: id, size_bytes: String(bytes), verified_at: expect.any(Date), restore_tested_at: expect.any(Date) });
    expect(prune).toMatchObject({ kind: "prune", outcome: "ok", backup_count: 1 });
  });

  it("a failed run leaves a failed row while the database is reachable", async () => {
    await clear();
    const file = path.join(await tempDir(), "a-file");
    await writeFile(file, "");
    const unwritable = await runCli(["create"], { ...env, BACKUP_DIR: path.join(file, "backups") });
    expect(unwritable.exitCode).toBe(73);

    const dir = await tempDir();
    const created = await runCli(["create", "--json"], { ...env, BACKUP_DIR: dir });
    const { id } = JSON.parse(created.stdout) as { id: string };
    const archive = (await readdir(dir)).find((n) => n.endsWith(".dump"))!;
    await truncate(path.join(dir, archive), 100);
    expect((await runCli(["verify", id], { ...env, BACKUP_DIR: dir })).exitCode).toBe(65);

    const failed = (await rows()).filter((r) => r.outcome === "failed");
    expect(failed).toEqual([
      expect.objectContaining({ kind: "create", error_code: "DIR_NOT_WRITABLE", message: expect.stringContaining("cannot write to") }),
      expect.objectContaining({ kind: "verify", error_code: "VERIFY_FAILED", backup_id: id, verified_at: null, message: expect.stringContaining(`backup ${id} failed verification`) }),
    ]);
    for (const row of failed) expect(row.message).not.toContain(new URL(database().url).password);
  });

  it("a scheduled cycle records create, the test restore and prune", async () => {
    await clear();
    const dir = await tempDir();
    const logger = memoryLogger();
    const recorder = createRunRecorder({ databaseUrl: database().url, schema: "public", dir, logger });
    const result = await runBackupCycle({
      databaseUrl: database().url,
      dir,
      policy: { keepLast: 7, keepDaily: 0, keepWeekly: 0, keepMonthly: 0, maxAgeDays: 0, minKeep: 1, unverifiedMaxAgeHours: 72 },
      restoreTestEvery: 1,
      recorder,
      ...PG_OPTIONS,
      logger,
    });
    expect(result.ok).toBe(true);
    expect((await rows()).map((r) => [r.kind, r.outcome, r.backup_id])).toEqual([
      ["create", "ok", result.backupId],
      ["restore_test", "ok", result.backupId],
      ["prune", "ok", null],
    ]);
  });

  it("a database that cannot take the row costs one warning, never the run", async () => {
    const port = await findFreePort();
    const dir = env.BACKUP_DIR!;
    const id = (JSON.parse((await runCli(["list", "--json"], env)).stdout) as { backups: { id: string }[] }).backups[0]!.id;
    const started = Date.now();
    const verify = await runCli(["verify", id], { ...env, BACKUP_DIR: dir, DATABASE_URL: `postgresql://app:pw@127.0.0.1:${port}/netraven` });
    expect(verify.exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(verify.stderr.match(/could not record this verify run in public\.backup_runs/g)).toHaveLength(1);

    const noTable = await runCli(["prune"], { ...env, DATABASE_SCHEMA: "nrb_no_such_schema" });
    expect(noTable.exitCode).toBe(0);
    expect(noTable.stderr).toMatch(/could not record this prune run in nrb_no_such_schema\.backup_runs .*does not exist/);
  });
});
