import pg from "pg";
import { describe, expect, it } from "vitest";

import { createTestDatabase } from "@netraven/db-schema/testing";

import { runCli } from "../helpers/run-cli.js";
import { SHIPPED_MIGRATIONS } from "../helpers/shipped-migrations.js";

describe("many replicas starting at once", () => {
  it("16 concurrent runs against one empty database all exit 0 and apply each migration once", async () => {
    const db = await createTestDatabase({ from: "empty" });
    await db.drop(); // the runs race to create it too
    try {
      const runs = await Promise.all(
        Array.from({ length: 16 }, () => runCli(["up", "--json"], { DATABASE_URL: db.url, ADMIN_PASSWORD: "replica-admin-password" })),
      );
      for (const run of runs) expect({ exitCode: run.exitCode, stderr: run.exitCode === 0 ? "" : run.stderr }).toEqual({ exitCode: 0, stderr: "" });
      const applied = runs.flatMap((run) => (JSON.parse(run.stdout) as { migrationsApplied: string[] }).migrationsApplied);
      expect(applied).toEqual(SHIPPED_MIGRATIONS);

      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const history = await client.query("SELECT migration_name FROM _prisma_migrations");
      const admins = await client.query("SELECT 1 FROM users WHERE is_admin");
      const settings = await client.query("SELECT 1 FROM admin_settings");
      await client.end();
      expect(history.rowCount).toBe(SHIPPED_MIGRATIONS.length);
      expect(admins.rowCount).toBe(1);
      expect(settings.rowCount).toBe(22);
    } finally {
      await db.drop();
    }
  });

  it("names the holder in this database, never a session holding the same lock in another database of the server", async () => {
    const target = await createTestDatabase();
    const others = await Promise.all([1, 2, 3].map(() => createTestDatabase()));
    const hold = async (url: string, name: string) => {
      const client = new pg.Client({ connectionString: url, application_name: name });
      await client.connect();
      await client.query("SELECT pg_advisory_lock(1314018865)");
      return client;
    };
    // The other databases' holders first: their locks are older and sit earlier in pg_locks.
    const holders = [...(await Promise.all(others.map((db, i) => hold(db.url, `other-database-${i}`)))), await hold(target.url, "held-in-this-database")];
    try {
      const failFast = await runCli(["up", "--lock-mode", "fail"], { DATABASE_URL: target.url });
      expect(failFast.exitCode).toBe(75);
      expect(failFast.stderr).toContain("held-in-this-database");
      expect(failFast.stderr).not.toContain("other-database");
    } finally {
      await Promise.all(holders.map((client) => client.end()));
      await Promise.all([target, ...others].map((db) => db.drop()));
    }
  });

  it("--lock-mode fail exits 75 at once while another run holds the lock, naming the holder", async () => {
    const db = await createTestDatabase();
    const holder = new pg.Client({ connectionString: db.url, application_name: "held-by-test" });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(1314018865)");
      const failFast = await runCli(["up", "--lock-mode", "fail"], { DATABASE_URL: db.url });
      expect(failFast.exitCode).toBe(75);
      expect(failFast.stderr).toContain("held-by-test");

      const timeout = await runCli(["up", "--lock-timeout", "800"], { DATABASE_URL: db.url });
      expect(timeout.exitCode).toBe(75);
      expect(timeout.stderr).toContain("Timed out after 800 ms waiting for the schema lock");
      // One line when the wait starts (naming the holder), not one per attempt.
      const waiting = timeout.stderr.split("\n").filter((line) => line.includes(" INFO waiting for the schema lock"));
      expect(waiting, timeout.stderr).toHaveLength(1);
      expect(waiting[0]).toContain("held-by-test");
    } finally {
      await holder.end();
      await db.drop();
    }
  });
});
