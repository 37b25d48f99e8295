import { afterEach, beforeEach, describe, expect, it } from "vitest";

import type { TestDatabase } from "@netraven/db-schema/testing";
import { createTestDatabase } from "@netraven/db-schema/testing";

import { initializeSchema, isNetravenError } from "../../src/index.js";
import { captureLogger } from "../helpers/capture-logger.js";
import type { TempMigrations } from "../helpers/temp-migrations.js";
import { queryRows } from "../helpers/query-rows.js";
import { copyMigrations } from "../helpers/temp-migrations.js";

let db: TestDatabase;
let migrations: TempMigrations;

beforeEach(async () => {
  db = await createTestDatabase({ from: "empty" });
  migrations = await copyMigrations();
});
afterEach(async () => {
  await db.drop();
  await migrations.remove();
});

const rows = <T extends object>(sql: string) => queryRows<T>(db.url, sql);

const run = () => initializeSchema({ databaseUrl: db.url, migrationsDir: migrations.dir, logger: captureLogger(), adminPassword: "a-long-admin-password" });

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isNetravenError(error)) throw new Error(`expected a NetravenError, got ${String(error)}`);
  return error;
}

describe("a failing migration", () => {
  const BAD = "20991231000000_add_reports";
  const badSql = "CREATE TABLE reports (id uuid PRIMARY KEY);\nINSERT INTO tags (name) VALUES ('from-migration');\nCREATE TABLE report_rows (report_id uuid, payload nosuchtype);\n";

  it("leaves the database as it was, names migration, statement and PostgreSQL's message, and a fixed rerun succeeds", async () => {
    await run();
    await migrations.write(BAD, badSql);

    const error = await failure(run());
    expect(error.code).toBe("MIGRATION_FAILED");
    expect(error.message).toContain(BAD);
    expect(error.message).toContain('type "nosuchtype" does not exist');
    expect(error.message).toMatch(/line 3, column \d+/);
    expect(error.message).toContain("payload nosuchtype);\n");
    expect(error.context).toMatchObject({ migration: BAD, pgCode: "42704", rolledBack: true, statement: "CREATE TABLE report_rows (report_id uuid, payload nosuchtype)" });

    // Nothing of the failed migration remains; its history row is kept, marked rolled back.
    expect(await rows("SELECT 1 FROM pg_tables WHERE tablename = 'reports'")).toHaveLength(0);
    expect(await rows("SELECT 1 FROM tags WHERE name = 'from-migration'")).toHaveLength(0);
    const history = await rows<{ finished_at: Date | null; rolled_back_at: Date | null; logs: string }>(`SELECT finished_at, rolled_back_at, logs FROM _prisma_migrations WHERE migration_name = '${BAD}'`);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ finished_at: null });
    expect(history[0]?.rolled_back_at).toBeInstanceOf(Date);

    await migrations.write(BAD, badSql.replace("nosuchtype", "jsonb"));
    const fixed = await run();
    expect(fixed.migrationsApplied).toEqual([BAD]);
    expect(await rows("SELECT 1 FROM pg_tables WHERE tablename IN ('reports', 'report_rows')")).toHaveLength(2);
    // The schema's own objects still validate; the new tables are reported as extra, not as errors.
    expect(fixed.validation.ok).toBe(true);
    expect(fixed.validation.problems.map((p) => p.kind)).toEqual(["extra_table", "extra_table"]);
  });

  it("that controls its own transactions is refused before anything runs, naming file, line and the directive", async () => {
    await run();
    await migrations.write(BAD, "CREATE TABLE half (id int);\nCOMMIT;\nCREATE TABLE other (x nosuchtype);\n");
    const error = await failure(run());
    expect(error.code).toBe("MIGRATION_FAILED");
    expect(error.context).toMatchObject({ migration: BAD, line: 2, refused: true });
    expect(error.message).toContain(`line 2 of ${BAD}/migration.sql`);
    expect(error.message).toContain("-- schema-init: no-transaction");
    expect(await rows("SELECT 1 FROM pg_tables WHERE tablename = 'half'")).toHaveLength(0);
    expect(await rows(`SELECT 1 FROM _prisma_migrations WHERE migration_name = '${BAD}'`)).toHaveLength(0);
  });

  it("marked no-transaction runs alone; a failure half-way blocks the next run with what is known", async () => {
    await run();
    await migrations.write(BAD, "-- schema-init: no-transaction\nCREATE TABLE half (id int);\nCREATE TABLE other (x nosuchtype);\n");
    const error = await failure(run());
    expect(error.code).toBe("MIGRATION_FAILED");
    expect(error.context).toMatchObject({ migration: BAD, rolledBack: false, line: 3 });
    expect(error.message).toContain("statement 2 of 2 (line 3) failed");
    expect(await rows("SELECT 1 FROM pg_tables WHERE tablename = 'half'")).toHaveLength(1);
    const blocked = await failure(run());
    expect(blocked.code).toBe("MIGRATION_BLOCKED");
    expect(blocked.message).toContain("statement 2 of 2 (line 3) failed");
    expect(blocked.message).toContain("schema-init resolve --applied");
  });

  it("marked no-transaction with its own transaction: a failure inside it rolls that back and is recorded", async () => {
    await run();
    await migrations.write(BAD, "-- schema-init: no-transaction\nBEGIN;\nCREATE TABLE in_tx (id int);\nCREATE TABLE other (x nosuchtype);\nCOMMIT;\n");
    const error = await failure(run());
    expect(error.message).toContain("statement 3 of 4 (line 4) failed");
    expect(await rows("SELECT 1 FROM pg_tables WHERE tablename = 'in_tx'")).toHaveLength(0);
    const blocked = await failure(run());
    expect(blocked.code).toBe("MIGRATION_BLOCKED");
    expect(blocked.message).toContain("statement 3 of 4 (line 4) failed");
  });

  it("marked no-transaction can build an index concurrently; its history row says it ran outside a transaction", async () => {
    await run();
    await migrations.write(BAD, "-- schema-init: no-transaction\nCREATE INDEX CONCURRENTLY tags_color_idx ON tags (color);\n");
    await expect(run()).resolves.toMatchObject({ migrationsApplied: [BAD] });
    const [row] = await rows<{ finished: boolean; logs: string }>(`SELECT finished_at IS NOT NULL AS finished, logs FROM _prisma_migrations WHERE migration_name = '${BAD}'`);
    expect(row).toEqual({ finished: true, logs: "schema-init: ran outside a transaction (-- schema-init: no-transaction); applied." });
    expect(await rows("SELECT 1 FROM pg_indexes WHERE indexname = 'tags_color_idx'")).toHaveLength(1);
  });

  it("with an unknown directive is refused: a typo must not run the file in a transaction silently", async () => {
    await run();
    await migrations.write(BAD, "-- schema-init: no-transactions\nCREATE INDEX CONCURRENTLY tags_color_idx ON tags (color);\n");
    const error = await failure(run());
    expect(error.code).toBe("MIGRATION_FAILED");
    expect(error.message).toContain(`Unknown directive "-- schema-init: no-transactions" at line 1 of ${BAD}/migration.sql`);
  });

  it("rolls back the earlier migrations of the same run with it, and says so", async () => {
    await run();
    await migrations.write("20991231000000_a_good_one", "CREATE TABLE good_one (id int);\n");
    await migrations.write("20991231000001_b_bad_one", "CREATE TABLE bad_one (x nosuchtype);\n");
    const error = await failure(run());
    expect(error.message).toContain("this run's 2 migrations (20991231000000_a_good_one, 20991231000001_b_bad_one)");
    expect(await rows("SELECT 1 FROM pg_tables WHERE tablename = 'good_one'")).toHaveLength(0);
  });
});

describe("a failing migration among several sent in one message", () => {
  it("is named by the error, with or without a position from PostgreSQL", async () => {
    await run();
    await migrations.write("20991231000000_a_fine", "CREATE TABLE fine (id int);\n");
    await migrations.write("20991231000001_b_duplicate", "-- no position: a unique violation at run time\nINSERT INTO tags (name) VALUES ('twice'), ('twice');\n");
    await migrations.write("20991231000002_c_fine", "CREATE TABLE fine_too (id int);\n");
    const runtime = await failure(run());
    expect(runtime.context).toMatchObject({ migration: "20991231000001_b_duplicate", pgCode: "23505", rolledBack: true });

    await migrations.write("20991231000001_b_duplicate", "SELECT 1;\n");
    await migrations.write("20991231000002_c_fine", "CREATE TABLE fine_too (id int);\nCREATE TABLE (oops;\n");
    // A syntax error stops the whole message before anything in it runs; the position still names the file and line.
    const syntax = await failure(run());
    expect(syntax.context).toMatchObject({ migration: "20991231000002_c_fine", pgCode: "42601", line: 2 });
    expect(await rows("SELECT 1 FROM pg_tables WHERE tablename IN ('fine', 'fine_too')")).toHaveLength(0);
  });
});

describe("an edited migration", () => {
  it("is refused before anything runs", async () => {
    await run();
    const [name] = (await rows<{ migration_name: string }>("SELECT migration_name FROM _prisma_migrations")).map((r) => r.migration_name);
    await migrations.write(name!, "-- edited after it was applied\nCREATE TABLE sneaky (id int);\n");
    const error = await failure(run());
    expect(error.code).toBe("MIGRATION_EDITED");
    expect(error.message).toContain(name);
    expect(await rows("SELECT 1 FROM pg_tables WHERE tablename = 'sneaky'")).toHaveLength(0);
  });

  it("is not flagged when only line endings changed", async () => {
    await run();
    const { readFile } = await import("node:fs/promises");
    const [name] = (await rows<{ migration_name: string }>("SELECT migration_name FROM _prisma_migrations")).map((r) => r.migration_name);
    const sql = await readFile(`${migrations.dir}/${name}/migration.sql`, "utf8");
    await migrations.write(name!, sql.replace(/\n/g, "\r\n"));
    await expect(run()).resolves.toMatchObject({ migrationsApplied: [] });
  });
});

describe("a database migrated by a newer release", () => {
  it("is refused instead of silently running old code against it", async () => {
    await migrations.write("20991231000000_newer", "CREATE TABLE newer (id int);\n");
    await run();
    const older = await copyMigrations();
    try {
      const error = await failure(initializeSchema({ databaseUrl: db.url, migrationsDir: older.dir, logger: captureLogger() }));
      expect(error.code).toBe("MIGRATIONS_AHEAD");
      expect(error.message).toContain("20991231000000_newer");
    } finally {
      await older.remove();
    }
  });
});

describe("a role that is not a superuser", () => {
  const role = `nr_owner_${process.pid}`;
  const roleUrl = () => {
    const url = new URL(db.url);
    url.username = role;
    url.password = "owner-password-123";
    return url.toString();
  };

  beforeEach(async () => {
    await rows(`CREATE ROLE ${role} LOGIN PASSWORD 'owner-password-123'`);
    await rows(`GRANT CREATE ON DATABASE "${new URL(db.url).pathname.slice(1)}" TO ${role}`);
    await rows(`ALTER SCHEMA public OWNER TO ${role}`);
  });
  afterEach(async () => {
    await rows(`ALTER SCHEMA public OWNER TO CURRENT_USER; DROP OWNED BY ${role}; DROP ROLE ${role}`);
  });

  const runAs = () => initializeSchema({ databaseUrl: roleUrl(), migrationsDir: migrations.dir, logger: captureLogger(), adminPassword: "a-long-admin-password" });

  it("owning the database's schema, applies every migration, pg_trgm included", async () => {
    const result = await runAs();
    expect(result.validation.ok).toBe(true);
    expect(await rows("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).toHaveLength(1);
  });

  it("gets told to grant the missing privilege, not to fix the migration", async () => {
    await runAs();
    await migrations.write("20991231000000_needs_createrole", `CREATE TABLE audit_copy (id int);\nCREATE ROLE ${role}_reader;\n`);
    const error = await failure(runAs());
    expect(error.code).toBe("MIGRATION_FAILED");
    expect(error.context).toMatchObject({ pgCode: "42501", rolledBack: true });
    expect(error.message).toContain("lacks a privilege");
    expect(error.message).not.toContain("Fix the migration");
    expect(error.message).not.toContain("owner-password-123");
    expect(await rows("SELECT 1 FROM pg_tables WHERE tablename = 'audit_copy'")).toHaveLength(0);
  });
});
