import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import pg from "pg";
import { describe, expect, it } from "vitest";

import { introspectSchema, loadSchemaManifest, USER_CHANGE_TRIGGERS } from "@netraven/db-schema/core";
import { createTestDatabase, runAdmin } from "@netraven/db-schema/testing";

import { queryRows } from "../helpers/query-rows.js";
import { runCli } from "../helpers/run-cli.js";

// The API's user cache trusts the triggers of migration 20261201193000_user_change_notify to hear of every change
// to a user row. A dropped or disabled one must fail validation like a dropped index, and the repair SQL must fix it.
const [CHANGE, TRUNCATE] = USER_CHANGE_TRIGGERS;
const ADMIN = { ADMIN_PASSWORD: "trigger-test-admin-1" };
const MIGRATION = "20261201193000_user_change_notify";

interface Report {
  ok: boolean;
  problems: { kind: string; severity: string; table: string; name?: string; expected?: string; message: string }[];
  repairSql: string;
}

async function validate(env: Record<string, string>): Promise<{ exitCode: number; report: Report }> {
  const run = await runCli(["validate", "--json"], env);
  return { exitCode: run.exitCode, report: JSON.parse(run.stdout) as Report };
}

/** Runs `up`, which leaves the "catalog matched" marker: validation after a change must not trust it. */
async function upWithMarker(env: Record<string, string>, schema = "public"): Promise<void> {
  const up = await runCli(["up"], { ...env, ...ADMIN });
  expect(up.exitCode, up.stderr).toBe(0);
  const [row] = await queryRows<{ marker: string | null }>(env.DATABASE_URL ?? "", `SELECT obj_description('${schema}._prisma_migrations'::regclass, 'pg_class') AS marker`);
  expect(row?.marker).toMatch(/^schema-init: catalog matched the manifest/);
}

/** Applies the report's repair SQL; validate must then find the database clean. */
async function expectRepairWorks(repairSql: string, env: Record<string, string>): Promise<void> {
  await runAdmin(env.DATABASE_URL ?? "", [repairSql]);
  const repaired = await runCli(["validate"], env);
  expect(repaired.exitCode, repaired.stdout).toBe(0);
}

describe("validate and the user-change triggers", () => {
  it("reports a dropped trigger (exit 65) with CREATE TRIGGER as the repair, and the repair works", async () => {
    const db = await createTestDatabase({ from: "migrated" });
    try {
      const env = { DATABASE_URL: db.url };
      await upWithMarker(env);
      await runAdmin(db.url, [`DROP TRIGGER ${CHANGE} ON users`]);

      const { exitCode, report } = await validate(env);
      expect(exitCode).toBe(65);
      expect(report.ok).toBe(false);
      expect(report.problems).toEqual([expect.objectContaining({ kind: "missing_trigger", severity: "error", table: "users", name: CHANGE, expected: expect.stringContaining("AFTER DELETE OR UPDATE ON users FOR EACH ROW") })]);
      expect(report.repairSql).toContain(`CREATE TRIGGER ${CHANGE} AFTER DELETE OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION netraven_notify_user_change();`);
      expect(report.repairSql).toContain(`-- the trigger's function netraven_notify_user_change() may also be missing: re-run the CREATE FUNCTION of migration ${MIGRATION}`);

      await expectRepairWorks(report.repairSql, env);
    } finally {
      await db.drop();
    }
  });

  it("reports a disabled trigger and one that fires only in replica mode; up fails; ENABLE TRIGGER repairs both", async () => {
    const db = await createTestDatabase({ from: "migrated" });
    try {
      const env = { DATABASE_URL: db.url };
      await upWithMarker(env);
      await runAdmin(db.url, [`ALTER TABLE users DISABLE TRIGGER ${CHANGE}`, `ALTER TABLE users ENABLE REPLICA TRIGGER ${TRUNCATE}`]);

      const { exitCode, report } = await validate(env);
      expect(exitCode).toBe(65);
      expect(report.problems).toEqual([
        expect.objectContaining({ kind: "disabled_trigger", severity: "error", table: "users", name: CHANGE }),
        expect.objectContaining({ kind: "disabled_trigger", severity: "error", table: "users", name: TRUNCATE }),
      ]);
      expect(report.problems[0]?.message).toMatch(/go stale.*ALTER TABLE users ENABLE TRIGGER users_notify_change/);
      expect(report.repairSql).toContain(`ALTER TABLE users ENABLE TRIGGER ${CHANGE};`);
      expect(report.repairSql).toContain(`ALTER TABLE users ENABLE TRIGGER ${TRUNCATE};`);
      expect(report.repairSql).not.toContain("CREATE FUNCTION");

      const up = await runCli(["up"], { ...env, ...ADMIN });
      expect(up.exitCode).toBe(65);

      await expectRepairWorks(report.repairSql, env);
    } finally {
      await db.drop();
    }
  });

  it("reads a manifest written before triggers were listed: the triggers are then extra (warnings), not a crash", async () => {
    const db = await createTestDatabase({ from: "migrated" });
    const dir = await mkdtemp(path.join(os.tmpdir(), "nr-manifest-"));
    try {
      const manifest = await loadSchemaManifest();
      const older = { ...manifest, tables: manifest.tables.map(({ triggers: _triggers, ...table }) => table) };
      const file = path.join(dir, "schema-manifest.json");
      await writeFile(file, JSON.stringify(older));

      const { exitCode, report } = await validate({ DATABASE_URL: db.url, SCHEMA_INIT_MANIFEST: file });
      expect(exitCode).toBe(65);
      expect(report.ok).toBe(true);
      expect(report.problems).toEqual([CHANGE, TRUNCATE].map((name) => expect.objectContaining({ kind: "extra_trigger", severity: "warning", name })));
    } finally {
      await rm(dir, { recursive: true, force: true });
      await db.drop();
    }
  });

  it("resolve checks the migration's function and triggers before it records anything", async () => {
    const db = await createTestDatabase({ from: "migrated" });
    try {
      const env = { DATABASE_URL: db.url };
      // A run that died in the migration (or another tool) leaves an unfinished row.
      await runAdmin(db.url, [`UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = '${MIGRATION}'`]);
      const rolledBack = await runCli(["resolve", "--rolled-back", MIGRATION], env);
      expect(rolledBack.exitCode).toBe(82);
      expect(rolledBack.stderr).toContain(`function netraven_notify_user_change() exists; trigger ${CHANGE} on users exists; trigger ${TRUNCATE} on users exists`);

      await runAdmin(db.url, [`ALTER TABLE users DISABLE TRIGGER ${CHANGE}`, `DROP TRIGGER ${TRUNCATE} ON users`]);
      const applied = await runCli(["resolve", "--applied", MIGRATION], env);
      expect(applied.exitCode).toBe(82);
      expect(applied.stderr).toContain(`trigger ${CHANGE} on users is wrong: it exists but is disabled (ALTER TABLE users ENABLE TRIGGER ${CHANGE} enables it); trigger ${TRUNCATE} on users is missing`);
    } finally {
      await db.drop();
    }
  });

  it("in a schema other than public: the manifest's definitions match, and the repair qualifies table and function", async () => {
    const db = await createTestDatabase({ from: "empty" });
    const env = { DATABASE_URL: db.url, DATABASE_SCHEMA: "app" };
    try {
      await upWithMarker(env, "app");
      // Without app on the search_path PostgreSQL qualifies the trigger's function too: introspection strips it.
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const users = (await introspectSchema(client, "app")).find((t) => t.name === "users");
        const manifest = (await loadSchemaManifest()).tables.find((t) => t.name === "users");
        expect(users?.triggers).toEqual(manifest?.triggers);
      } finally {
        await client.end();
      }

      await runAdmin(db.url, [`DROP TRIGGER ${TRUNCATE} ON app.users`]);
      const { exitCode, report } = await validate(env);
      expect(exitCode).toBe(65);
      expect(report.problems).toEqual([expect.objectContaining({ kind: "missing_trigger", name: TRUNCATE })]);
      expect(report.repairSql).toContain(`CREATE TRIGGER ${TRUNCATE} AFTER TRUNCATE ON app.users FOR EACH STATEMENT EXECUTE FUNCTION app.netraven_notify_user_change();`);

      await expectRepairWorks(report.repairSql, env);
    } finally {
      await db.drop();
    }
  });
});
