import { describe, expect, it } from "vitest";

import { createTestDatabase } from "@netraven/db-schema/testing";

import { runCli } from "../helpers/run-cli.js";
import { copyMigrations } from "../helpers/temp-migrations.js";

describe("--migrations-dir / SCHEMA_INIT_MIGRATIONS_DIR and --manifest / SCHEMA_INIT_MANIFEST", () => {
  it("point every command at another set, by flag or by variable", async () => {
    const db = await createTestDatabase();
    const migrations = await copyMigrations();
    try {
      const name = "20991231000000_extra";
      await migrations.write(name, "CREATE TABLE extra (id int);\n");
      const env = { DATABASE_URL: db.url };
      const byFlag = await runCli(["status", "--migrations-dir", migrations.dir], env);
      expect(byFlag).toMatchObject({ exitCode: 10 });
      expect(byFlag.stdout).toContain(`Pending: ${name}`);
      const plan = await runCli(["plan"], { ...env, SCHEMA_INIT_MIGRATIONS_DIR: migrations.dir });
      expect(plan.exitCode).toBe(10);
      expect(plan.stdout).toContain("CREATE TABLE extra");
      expect((await runCli(["status"], env)).stdout).toContain("Pending: none");

      const up = await runCli(["up", "--no-seed", "--migrations-dir", migrations.dir], env);
      expect(up.exitCode).toBe(0);
      expect(up.stdout).toContain(`Applied 1 migration(s): ${name}`);
      // The shipped manifest does not know the extra table: a warning, and an error under --strict.
      expect((await runCli(["validate", "--migrations-dir", migrations.dir], env)).exitCode).toBe(65);
    } finally {
      await migrations.remove();
      await db.drop();
    }
  });

  it("refuse a directory or manifest that is not there, with exit 78 and what to do", async () => {
    const env = { DATABASE_URL: "postgresql://u:p@127.0.0.1:9/x" };
    const dir = await runCli(["status", "--migrations-dir", "/nonexistent/migrations"], env);
    expect(dir.exitCode).toBe(78);
    expect(dir.stderr).toContain("SCHEMA_INIT_MIGRATIONS_DIR: is not a directory (--migrations-dir)");
    const manifest = await runCli(["validate"], { ...env, SCHEMA_INIT_MANIFEST: "/nonexistent/schema-manifest.json" });
    expect(manifest.exitCode).toBe(78);
    expect(manifest.stderr).toContain("SCHEMA_INIT_MANIFEST: is not a file (--manifest)");
  });
});
