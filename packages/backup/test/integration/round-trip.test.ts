import { readdir } from "node:fs/promises";

import { runAdmin, useTestDatabase, withDatabase } from "@netraven/db-schema/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createBackup, readCatalog, restoreBackup, UnsupportedCompressionError, verifyBackup } from "../../src/index.js";
import { fillDatabase, tableChecksums } from "../helpers/fill-database.js";
import { memoryLogger, PG_OPTIONS, tempDir } from "../helpers/options.js";

const database = useTestDatabase();
const logger = memoryLogger();
const restored: string[] = [];
let dir: string;
let before: Record<string, string>;

beforeAll(async () => {
  dir = await tempDir();
  await fillDatabase(database().url);
  before = await tableChecksums(database().url);
});
afterAll(async () => {
  for (const name of restored) await runAdmin(database().adminUrl, [`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`]);
});

async function latestMigration(url: string): Promise<string> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return (await db.query<{ m: string }>("SELECT max(migration_name) AS m FROM _prisma_migrations")).rows[0]!.m;
  } finally {
    await db.end();
  }
}

describe("create -> restore round trip", () => {
  it("custom format: every table comes back byte for byte, and the manifest describes the source", async () => {
    const created = await createBackup({ databaseUrl: database().url, dir, ...PG_OPTIONS, logger });
    const m = created.manifest;
    expect(m.database).toBe(database().name);
    expect(m.server.major).toBe(m.pgDump.major);
    expect(m.latestMigration).toBe(await latestMigration(database().url));
    expect(m.rowCounts).toMatchObject({ "public.job_log_entries": 2000, "public.users": 2, "public.credentials": 1 });
    expect(Object.keys(m.rowCounts!)).toHaveLength(16); // 15 tables + _prisma_migrations
    expect(m.files.map((f) => f.role)).toEqual(["dump", "globals"]);
    expect(m.globals).toEqual({ included: true, withRolePasswords: true });
    expect(m.tocEntries).toBeGreaterThan(40);

    const report = await verifyBackup({ dir, id: created.id, restoreTest: true, scratchDatabaseUrl: database().url, ...PG_OPTIONS, logger });
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ["files", true],
      ["toc", true],
      ["full-read", true],
      ["restore-test", true],
    ]);

    const target = `${database().name}_rt`;
    restored.push(target);
    const result = await restoreBackup({ databaseUrl: database().url, dir, id: created.id, targetDatabase: target, ...PG_OPTIONS, logger });
    expect(result).toMatchObject({ ok: true, createdDatabase: true, targetDatabase: target });
    expect(result.validation?.ok).toBe(true);
    expect(await tableChecksums(withDatabase(database().url, target))).toEqual(before);
  });

  it("directory format with parallel jobs round-trips as well", async () => {
    const created = await createBackup({ databaseUrl: database().url, dir, format: "directory", jobs: 2, compression: "none", ...PG_OPTIONS, logger });
    expect(created.manifest.archive).toMatch(/\.dir$/);
    expect(created.manifest.files.filter((f) => f.role === "dump").length).toBeGreaterThan(10);
    const target = `${database().name}_dir`;
    restored.push(target);
    await restoreBackup({ databaseUrl: database().url, dir, id: created.id, targetDatabase: target, jobs: 2, ...PG_OPTIONS, logger });
    expect(await tableChecksums(withDatabase(database().url, target))).toEqual(before);
  });

  it("restore refuses a non-empty target without force, and replaces it with force", async () => {
    const target = `${database().name}_busy`;
    restored.push(target);
    await runAdmin(database().adminUrl, [`CREATE DATABASE "${target}"`]);
    await runAdmin(withDatabase(database().url, target), ["CREATE TABLE precious (id int)", "INSERT INTO precious VALUES (1)"]);

    await expect(restoreBackup({ databaseUrl: database().url, dir, targetDatabase: target, ...PG_OPTIONS, logger })).rejects.toMatchObject({
      code: "TARGET_NOT_EMPTY",
      message: expect.stringContaining("pass --force"),
    });
    await runAdmin(withDatabase(database().url, target), ["SELECT 1 FROM precious"]); // untouched

    // A safety backup that cannot finish (pg_dump killed at once) leaves the target as it was.
    await expect(restoreBackup({ databaseUrl: database().url, dir, targetDatabase: target, force: true, ...PG_OPTIONS, timeoutMs: 1, logger })).rejects.toThrow();
    await runAdmin(withDatabase(database().url, target), ["SELECT 1 FROM precious"]);
    const backupsBefore = (await readCatalog(dir)).backups.length;

    const forced = await restoreBackup({ databaseUrl: database().url, dir, targetDatabase: target, force: true, ...PG_OPTIONS, logger });
    expect(forced.createdDatabase).toBe(false); // it replaced the existing database by rename
    expect(await tableChecksums(withDatabase(database().url, target))).toEqual(before);

    // What --force replaced is kept, pinned, and restores to what it was.
    const catalog = await readCatalog(dir);
    expect(catalog.backups).toHaveLength(backupsBefore + 1);
    expect(catalog.backups.find((b) => b.id === forced.safetyBackupId)).toMatchObject({ pinned: true, manifest: { database: target } });
    const undo = `${database().name}_undo`;
    restored.push(undo);
    await restoreBackup({ databaseUrl: database().url, dir, id: forced.safetyBackupId!, targetDatabase: undo, validate: false, ...PG_OPTIONS, logger });
    const client = new pg.Client({ connectionString: withDatabase(database().url, undo) });
    await client.connect();
    expect((await client.query("SELECT id FROM precious")).rows).toEqual([{ id: 1 }]);
    await client.end();

    // Opting out replaces without a copy.
    const original = catalog.backups.find((b) => b.manifest.database === database().name)!.id;
    const bare = await restoreBackup({ databaseUrl: database().url, dir, id: original, targetDatabase: target, force: true, safetyBackup: false, ...PG_OPTIONS, logger });
    expect(bare.safetyBackupId).toBeNull();
    expect((await readCatalog(dir)).backups).toHaveLength(backupsBefore + 1);
  });

  it("refuses zstd with a pg_dump older than 16 before writing anything", async () => {
    const empty = await tempDir();
    const error = await createBackup({ databaseUrl: database().url, dir: empty, compression: "zstd:3", ...PG_OPTIONS, logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedCompressionError);
    expect((error as Error).message).toMatch(/needs pg_dump 16 or newer/);
    expect((await readdir(empty)).filter((n) => !n.startsWith("."))).toEqual([]);
  });

  it("never logs the database password", () => {
    const password = new URL(database().url).password;
    expect(logger.lines.length).toBeGreaterThan(5);
    expect(logger.lines.join("\n")).not.toContain(password);
  });
});
