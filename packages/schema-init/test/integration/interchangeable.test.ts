import { readMigrations } from "@netraven/db-schema/core";
import { openSchemaEngine } from "@netraven/db-schema/engine";
import type { TestDatabase } from "@netraven/db-schema/testing";
import { createTestDatabase } from "@netraven/db-schema/testing";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { initializeSchema } from "../../src/index.js";
import { captureLogger } from "../helpers/capture-logger.js";
import type { TempMigrations } from "../helpers/temp-migrations.js";
import { copyMigrations } from "../helpers/temp-migrations.js";

// schema-init and `prisma migrate deploy` (here: the same wasm schema engine
// Prisma ships) must read each other's `_prisma_migrations` as up to date.

let db: TestDatabase;
let migrations: TempMigrations;

beforeEach(async () => {
  db = await createTestDatabase({ from: "empty" });
  migrations = await copyMigrations();
  // One more migration of each kind than ship: a plain one and a no-transaction one.
  await migrations.write("20991231000000_reports", "CREATE TABLE reports (id uuid PRIMARY KEY, title text);\n");
  await migrations.write("20991231000001_reports_index", "-- schema-init: no-transaction\nCREATE INDEX CONCURRENTLY reports_title_idx ON reports (title);\n");
});
afterEach(async () => {
  await db.drop();
  await migrations.remove();
});

const ours = () => initializeSchema({ databaseUrl: db.url, migrationsDir: migrations.dir, logger: captureLogger(), seed: false });

async function withEngine<T>(fn: (engine: Awaited<ReturnType<typeof openSchemaEngine>>, scripts: Awaited<ReturnType<typeof readMigrations>>) => Promise<T>): Promise<T> {
  const engine = await openSchemaEngine({ url: db.url });
  try {
    return await fn(engine, await readMigrations(migrations.dir));
  } finally {
    await engine.close();
  }
}

async function historyRows() {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; checksum: string; migration_name: string; applied_steps_count: number; logs: string | null; finished: boolean; rolled_back: boolean; ms_precision: boolean }>(
      `SELECT id, checksum, migration_name, applied_steps_count, logs, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back,
              started_at = date_trunc('milliseconds', started_at) AND finished_at = date_trunc('milliseconds', finished_at) AS ms_precision
       FROM _prisma_migrations ORDER BY migration_name`,
    );
    const table = await client.query(
      `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    return { rows, columns: table.rows };
  } finally {
    await client.end();
  }
}

describe("_prisma_migrations written by schema-init", () => {
  it("is up to date for the schema engine's diagnoseMigrationHistory and applyMigrations", async () => {
    await ours();
    await withEngine(async (engine, scripts) => {
      expect(await engine.diagnose(migrations.dir, scripts)).toEqual({ editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true, history: null });
      expect(await engine.applyMigrations(migrations.dir, scripts)).toEqual([]);
    });
  });

  it("holds the same table and the same kind of rows as the engine writes", async () => {
    await ours();
    const mine = await historyRows();
    const scripts = await readMigrations(migrations.dir);
    await db.drop();
    db = await createTestDatabase({ from: "empty" });
    await withEngine((engine) => engine.applyMigrations(migrations.dir, scripts.filter((m) => !m.sql.includes("CONCURRENTLY"))));
    const theirs = await historyRows();
    expect(mine.columns).toEqual(theirs.columns);
    const shape = (r: (typeof mine.rows)[number]) => ({ ...r, id: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(r.id) });
    // The no-transaction migration is ours alone (the engine cannot run it); its row says so in logs.
    expect(mine.rows.filter((r) => !r.migration_name.endsWith("_reports_index")).map(shape)).toEqual(theirs.rows.map(shape));
    expect(mine.rows.find((r) => r.migration_name.endsWith("_reports_index"))).toMatchObject({ finished: true, applied_steps_count: 1, logs: expect.stringContaining("outside a transaction") });
  });
});

describe("_prisma_migrations written by the schema engine", () => {
  it("is up to date for schema-init, which then applies only what the engine did not", async () => {
    const scripts = await readMigrations(migrations.dir);
    const applied = await withEngine((engine) => engine.applyMigrations(migrations.dir, scripts.filter((m) => !m.sql.includes("CONCURRENTLY"))));
    expect(applied).toHaveLength(scripts.length - 1);
    const report = await ours();
    expect(report.migrationsApplied).toEqual(["20991231000001_reports_index"]);
    const again = await ours();
    expect(again.migrationsApplied).toEqual([]);
    expect(again.validation.pendingMigrations).toEqual([]);
  });
});
