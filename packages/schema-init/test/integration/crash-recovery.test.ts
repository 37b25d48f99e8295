import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { TestDatabase } from "@netraven/db-schema/testing";
import { createTestDatabase } from "@netraven/db-schema/testing";

import { startHoldProxy } from "../helpers/hold-proxy.js";
import { killHard, startUp, waitFor } from "../helpers/kill-points.js";
import { runCli } from "../helpers/run-cli.js";
import type { TempMigrations } from "../helpers/temp-migrations.js";
import { queryRows } from "../helpers/query-rows.js";
import { copyMigrations } from "../helpers/temp-migrations.js";

// `up` killed with a real SIGKILL at each class of instant of a migration.
// The promise: the database is left with the migration applied and recorded,
// or neither, and the next `up` succeeds with no manual step. The one
// exception, a migration marked `-- schema-init: no-transaction`, must say
// what is known and let `resolve` check before it marks anything.

let db: TestDatabase;
let migrations: TempMigrations;

beforeEach(async () => {
  db = await createTestDatabase();
  migrations = await copyMigrations();
});
afterEach(async () => {
  await db.drop();
  await migrations.remove();
});

const query = <T extends object>(sql: string) => queryRows<T>(db.url, sql);

const tables = async (...names: string[]) =>
  (await query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE tablename IN (${names.map((n) => `'${n}'`).join(", ")}) ORDER BY 1`)).map((r) => r.tablename);
const history = (name: string) =>
  query<{ finished: boolean; rolled_back: boolean; logs: string | null }>(
    `SELECT finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back, logs FROM _prisma_migrations WHERE migration_name = '${name}' ORDER BY started_at`,
  );
const unresolved = () => query("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NULL AND rolled_back_at IS NULL");

/** Runs `up` to its end in a child process and returns its exit code and stderr. */
async function upToEnd(url = db.url, seed = false) {
  const up = startUp(url, migrations.dir, { seed });
  return { code: await up.exited, stderr: up.stderr() };
}

/** After a kill: the next `up` exits 0 by itself, and the migration is applied and recorded exactly once. */
async function expectRecovered(name: string, created: string[]) {
  const next = await upToEnd();
  expect({ code: next.code, stderr: next.code === 0 ? "" : next.stderr }).toEqual({ code: 0, stderr: "" });
  expect(await tables(...created)).toEqual([...created].sort());
  expect((await history(name)).filter((r) => r.finished && !r.rolled_back)).toHaveLength(1);
  expect(await unresolved()).toEqual([]);
}

const SLEEPING = (seconds: string) =>
  `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep(${seconds})%') AS ok`;

describe("up killed with SIGKILL", () => {
  it("while a migration runs, before its commit: the next up succeeds with no manual step", async () => {
    const name = "20991231000001_crash_slow";
    await migrations.write(name, "CREATE TABLE crash_a (id int);\nSELECT pg_sleep(1.5);\nCREATE TABLE crash_b (id int);\n");
    const up = startUp(db.url, migrations.dir);
    await waitFor(db.url, SLEEPING("1.5"), "the migration's pg_sleep", up);
    await killHard(up);
    await expectRecovered(name, ["crash_a", "crash_b"]);
  });

  it("after PostgreSQL ran the migration, before the client heard back: the next up succeeds with no manual step", async () => {
    const name = "20991231000002_crash_held_reply";
    const marker = "crash-test: held reply";
    await migrations.write(name, `-- ${marker}\nCREATE TABLE crash_c (id int);\n`);
    const proxy = await startHoldProxy(db.url, marker);
    try {
      const up = startUp(proxy.url, migrations.dir);
      await proxy.held;
      // The server has finished the message that carried the migration; its answer never arrives.
      await waitFor(
        db.url,
        `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state <> 'active' AND query LIKE '%${marker}%') AS ok`,
        "the server to finish the migration's message",
        up,
      );
      await killHard(up);
    } finally {
      await proxy.close();
    }
    await expectRecovered(name, ["crash_c"]);
  });

  it("after the migration committed, before the process exited: the next up finds it applied", async () => {
    const name = "20991231000003_crash_after_commit";
    await migrations.write(name, "CREATE TABLE crash_e (id int);\n");
    // Seeding needs admin_settings: holding it stops `up` right after the migrations committed.
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query("BEGIN; LOCK TABLE admin_settings IN ACCESS EXCLUSIVE MODE");
      const up = startUp(db.url, migrations.dir, { seed: true });
      await waitFor(
        db.url,
        `SELECT to_regclass('crash_e') IS NOT NULL
            AND EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND application_name = 'netraven-schema-init') AS ok`,
        "up to block after committing",
        up,
      );
      await killHard(up);
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }
    const rows = await history(name);
    expect(rows).toEqual([{ finished: true, rolled_back: false, logs: null }]);
    await expectRecovered(name, ["crash_e"]);
  });

  it("during a no-transaction migration: up says what is known, and resolve checks the database before marking", async () => {
    const name = "20991231000004_crash_directive";
    await migrations.write(
      name,
      "-- schema-init: no-transaction\nCREATE INDEX CONCURRENTLY crash_tags_color_idx ON tags (color);\nSELECT pg_sleep(1.6);\nCREATE TABLE crash_f (id int);\n",
    );
    const up = startUp(db.url, migrations.dir);
    await waitFor(db.url, SLEEPING("1.6"), "the migration's pg_sleep", up);
    await killHard(up);

    const next = await upToEnd();
    expect(next.code).toBe(82);
    expect(next.stderr).toContain(name);
    expect(next.stderr).toContain("outside a transaction");
    expect(next.stderr).toContain("statement 2 of 3 (line 3)");
    const env = { DATABASE_URL: db.url, SCHEMA_INIT_MIGRATIONS_DIR: migrations.dir };
    const status = await runCli(["status"], env);
    expect(status.stdout).toContain(`Failed: ${name}`);
    expect(status.stdout).toContain("statement 2 of 3 (line 3)");

    // Its index exists: it did not "leave no changes".
    const rolledBack = await runCli(["resolve", "--rolled-back", name], env);
    expect(rolledBack.exitCode).toBe(82);
    expect(rolledBack.stderr).toContain("crash_tags_color_idx");
    // Its last table is missing: it is not applied either.
    const applied = await runCli(["resolve", "--applied", name], env);
    expect(applied.exitCode).toBe(82);
    expect(applied.stderr).toContain("crash_f");
    expect(await unresolved()).toEqual([{ migration_name: name }]);

    // Finish it by hand, as the message says; then resolve accepts and up succeeds.
    await query("CREATE TABLE crash_f (id int)");
    expect((await runCli(["resolve", "--applied", name], env)).exitCode).toBe(0);
    expect((await upToEnd()).code).toBe(0);
  });
});
