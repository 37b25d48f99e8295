import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

import pg from "pg";
import { describe, expect, inject, it } from "vitest";

import { createTestDatabase, runAdmin } from "@netraven/db-schema/testing";
import { formatExitCodeMarkdown, formatExitCodeTable } from "@netraven/runtime";

import { SCHEMA_INIT_EXIT_CODE_ROWS } from "../../src/exit-codes.js";
import { runCli } from "../helpers/run-cli.js";
import { SHIPPED_MIGRATIONS } from "../helpers/shipped-migrations.js";

const admin = inject("netravenTestDb").adminUrl;
const adminPassword = decodeURIComponent(new URL(admin).password);

/** Every line of output, checked for secrets in every test. */
function expectNoSecrets(run: { stdout: string; stderr: string }, ...secrets: string[]) {
  for (const secret of secrets.filter(Boolean)) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

describe("schema-init CLI", () => {
  it("up, status, plan and validate on a fresh database; results on stdout, logs on stderr", async () => {
    const db = await createTestDatabase({ from: "empty" });
    try {
      const env = { DATABASE_URL: db.url, ADMIN_PASSWORD: "cli-admin-password-1" };
      const plan = await runCli(["plan"], env);
      expect(plan.exitCode).toBe(10);
      expect(plan.stdout).toContain('CREATE TABLE "users"');
      const planJson = await runCli(["plan", "--json"], env);
      expect(planJson.exitCode).toBe(10);
      const planned = JSON.parse(planJson.stdout) as { version: number; pending: { name: string; checksum: string; sql: string }[] };
      expect(planned.version).toBe(1);
      expect(planned.pending.map((m) => m.name)).toEqual(SHIPPED_MIGRATIONS);

      const up = await runCli(["up", "--json"], env);
      expect(up.exitCode).toBe(0);
      const report = JSON.parse(up.stdout) as { version: number; ok: boolean; migrationsApplied: string[]; validation: { ok: boolean } };
      expect(report).toMatchObject({ version: 1, ok: true, validation: { ok: true } });
      expect(report.migrationsApplied).toEqual(SHIPPED_MIGRATIONS);
      expect(up.stderr).toContain("Applied migration");

      const status = await runCli(["status"], env);
      expect(status).toMatchObject({ exitCode: 0 });
      expect(status.stdout).toContain("Pending: none");
      const statusJson = await runCli(["status", "--json"], env);
      expect(JSON.parse(statusJson.stdout)).toMatchObject({ version: 1, applied: SHIPPED_MIGRATIONS, pending: [], failed: [], edited: [], unknown: [], progress: {} });

      const validate = await runCli(["validate"], env);
      expect(validate.exitCode).toBe(0);
      expect(validate.stdout).toContain("The database matches the schema");
      for (const run of [plan, up, status, validate]) expectNoSecrets(run, adminPassword, env.ADMIN_PASSWORD);
    } finally {
      await db.drop();
    }
  });

  it("validate names a dropped column and a hand-made index; the repair SQL restores the column and keeps the index (only a warning)", async () => {
    const db = await createTestDatabase();
    try {
      await runAdmin(db.url, [
        "ALTER TABLE devices DROP COLUMN serial_number",
        "CREATE INDEX hand_made_color_idx ON tags (color)",
        "ALTER TABLE tags ADD COLUMN hand_made_note text",
        "ALTER TABLE tags ADD CONSTRAINT hand_made_fk FOREIGN KEY (color) REFERENCES tags (name)",
      ]);
      const run = await runCli(["validate"], { DATABASE_URL: db.url });
      expect(run.exitCode).toBe(65);
      expect(run.stdout).toContain("column devices.serial_number is missing");
      expect(run.stdout).toContain("index hand_made_color_idx is not part of the schema");
      expect(run.stdout).toContain("ALTER TABLE devices ADD COLUMN serial_number character varying(100);");
      // Warnings are never dropped or altered by the repair SQL.
      const sql = run.stdout.slice(run.stdout.indexOf("SQL that would repair it"));
      const statements = sql.split("\n").filter((line) => !line.startsWith("--"));
      expect(statements.join("\n")).not.toMatch(/hand_made/);
      expect(sql).toContain("-- kept (a warning, not repaired): index hand_made_color_idx is not part of the schema");

      // The printed repair SQL really repairs the error, and leaves the extra objects alone.
      await runAdmin(db.url, [sql.slice(sql.indexOf("\n") + 1)]);
      const again = await runCli(["validate", "--json"], { DATABASE_URL: db.url });
      expect(again.exitCode).toBe(65);
      const report = JSON.parse(again.stdout) as { version: number; ok: boolean; drift: boolean; repairSql: string; problems: { severity: string }[] };
      expect(report).toMatchObject({ version: 1, ok: true, drift: true, repairSql: "" });
      expect(report.problems.map((p) => p.severity)).toEqual(["warning", "warning", "warning"]);
      const kept = await runCli(["validate"], { DATABASE_URL: db.url });
      expect(kept.stdout).toContain("Nothing to repair: only extra objects");
    } finally {
      await db.drop();
    }
  });

  it("up refuses a missing column with the drift exit code but only warns about extra indexes", async () => {
    const db = await createTestDatabase();
    try {
      await runAdmin(db.url, ["CREATE INDEX hand_made_idx ON tags (color)"]);
      const extra = await runCli(["up"], { DATABASE_URL: db.url, ADMIN_PASSWORD: "cli-admin-password-2" });
      expect(extra.exitCode).toBe(0);
      expect(extra.stderr).toContain("index hand_made_idx is not part of the schema");
      expect((await runCli(["up", "--strict"], { DATABASE_URL: db.url })).exitCode).toBe(65);

      await runAdmin(db.url, ["ALTER TABLE users DROP COLUMN locked_until"]);
      const missing = await runCli(["up"], { DATABASE_URL: db.url });
      expect(missing.exitCode).toBe(65);
      expect(missing.stderr).toContain("column users.locked_until is missing");
    } finally {
      await db.drop();
    }
  });

  it("reports configuration problems all at once with exit 78 and usage errors with 64", async () => {
    const bad = await runCli(["up"], { DATABASE_URL: "mysql://x", SCHEMA_INIT_LOCK_MODE: "sometimes", ADMIN_PASSWORD: "short" });
    expect(bad.exitCode).toBe(78);
    expect(bad.stderr).toContain("DATABASE_URL");
    expect(bad.stderr).toContain("SCHEMA_INIT_LOCK_MODE");
    expect(bad.stderr).toContain("ADMIN_PASSWORD: must be at least 12 characters");
    expectNoSecrets(bad, "short");

    const missing = await runCli(["up"], {});
    expect(missing.exitCode).toBe(78);
    expect(missing.stderr).toContain("DATABASE_URL: is required");

    const usage = await runCli(["up", "--no-such-flag"], {});
    expect(usage.exitCode).toBe(64);
    expect(usage.stderr.trim()).toBe("schema-init: unknown option '--no-such-flag'. Run 'schema-init up --help' for usage.");
  });

  it("--help lists every command, the environment and the shared exit-code table with schema-init's rows", async () => {
    const help = await runCli(["--help"], {});
    expect(help.exitCode).toBe(0);
    for (const text of ["up", "status", "validate", "plan", "resolve", "DATABASE_URL", "LOG_FORMAT"]) expect(help.stdout).toContain(text);
    expect(help.stdout).toContain(formatExitCodeTable(SCHEMA_INIT_EXIT_CODE_ROWS));
    // docs/schema-initialization.md shows the same table.
    const docs = await readFile(fileURLToPath(new URL("../../../../docs/schema-initialization.md", import.meta.url)), "utf8");
    expect(docs).toContain(formatExitCodeMarkdown(SCHEMA_INIT_EXIT_CODE_ROWS));
  });

  it("resolve --rolled-back lets a migration that failed outside schema-init run again", async () => {
    const db = await createTestDatabase();
    try {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const name = SHIPPED_MIGRATIONS.at(-1)!;
      // A run that died mid-migration (or another tool) leaves an unfinished row.
      await client.query("UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = $1", [name]);
      await client.end();
      expect((await runCli(["up"], { DATABASE_URL: db.url })).exitCode).toBe(82);
      const resolve = await runCli(["resolve", "--applied", name, "--json"], { DATABASE_URL: db.url });
      expect(resolve.exitCode).toBe(0);
      expect(JSON.parse(resolve.stdout)).toEqual({ version: 1, ok: true, migration: name, resolution: "applied" });
      expect((await runCli(["up"], { DATABASE_URL: db.url, ADMIN_PASSWORD: "cli-admin-password-3" })).exitCode).toBe(0);
    } finally {
      await db.drop();
    }
  });

  it("the installed bin finishes its work and exits 0 when the reader closes the pipe early (`| head`)", async () => {
    const db = await createTestDatabase({ from: "empty" });
    try {
      const bin = fileURLToPath(new URL("../../bin/schema-init.js", import.meta.url));
      const child = spawn(process.execPath, [bin, "up"], {
        env: { PATH: process.env.PATH ?? "", DATABASE_URL: db.url, ADMIN_PASSWORD: "cli-admin-password-1", LOG_FORMAT: "json" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout.destroy();
      child.stderr.destroy();
      const [exitCode] = (await once(child, "exit")) as [number | null];
      expect(exitCode).toBe(0);
      const status = await runCli(["status"], { DATABASE_URL: db.url });
      expect(status.stdout).toContain("Pending: none");
    } finally {
      await db.drop();
    }
  });
});
