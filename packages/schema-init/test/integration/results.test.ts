import { fileURLToPath } from "node:url";

import { execa } from "execa";
import { describe, expect, it } from "vitest";

import { createTestDatabase, runAdmin } from "@netraven/db-schema/testing";

import { queryRows } from "../helpers/query-rows.js";
import { runCli } from "../helpers/run-cli.js";
import { SHIPPED_MIGRATIONS } from "../helpers/shipped-migrations.js";

const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
const { version } = (await import("../../package.json", { with: { type: "json" } })).default;

interface RunRow {
  outcome: string;
  applied_migrations: string[];
  pending_count: number;
  validation: string;
  finding_count: number;
  error_code: string | null;
  message: string | null;
  tool_version: string;
  duration_ms: number;
  started_at: Date;
  finished_at: Date;
}
const runRows = (url: string) => queryRows<RunRow>(url, "SELECT * FROM schema_init_runs ORDER BY finished_at, id");

describe("what schema-init prints and records", () => {
  it("the generated admin password: once, in its own block on stdout, never in the log stream; a field of --json", async () => {
    const text = await createTestDatabase({ from: "empty" });
    const json = await createTestDatabase({ from: "empty" });
    try {
      const run = await runCli(["up"], { DATABASE_URL: text.url, LOG_FORMAT: "json" });
      expect(run.exitCode).toBe(0);
      const password = /FIRST-RUN ADMIN PASSWORD for user "admin" \(shown once, not logged\):\n\n {4}(\S+)\n/.exec(run.stdout)?.[1];
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(run.stdout.split(password!)).toHaveLength(2);
      expect(run.stdout).toContain("ADMIN_PASSWORD_FILE");
      expect(run.stderr).not.toContain(password);
      for (const line of run.stderr.trim().split("\n")) expect(JSON.parse(line)).toHaveProperty("level");

      const second = await runCli(["up"], { DATABASE_URL: text.url });
      expect(second.stdout).not.toContain("FIRST-RUN ADMIN PASSWORD");

      const result = await runCli(["up", "--json"], { DATABASE_URL: json.url });
      const report = JSON.parse(result.stdout) as { version: number; ok: boolean; seed: { admin: { generatedPassword: string } } };
      expect(report).toMatchObject({ version: 1, ok: true });
      expect(report.seed.admin.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(result.stderr).not.toContain(report.seed.admin.generatedPassword);
    } finally {
      await Promise.all([text.drop(), json.drop()]);
    }
  });

  it("validate on a database with no schema says to run up (exit 10) and prints no repair SQL", async () => {
    const db = await createTestDatabase({ from: "empty" });
    try {
      const run = await runCli(["validate"], { DATABASE_URL: db.url });
      expect(run.exitCode).toBe(10);
      expect(run.stdout.trim()).toBe("The database has no NetRaven schema yet: run `schema-init up`.");
      const json = await runCli(["validate", "--json"], { DATABASE_URL: db.url });
      expect(json.exitCode).toBe(10);
      const report = JSON.parse(json.stdout) as Record<string, unknown>;
      expect(report).toMatchObject({ version: 1, ok: false, schemaMissing: true, drift: false, problems: [], repairSql: "", message: "the database has no NetRaven schema yet: run `schema-init up`" });
      expect(report.pendingMigrations).toEqual(SHIPPED_MIGRATIONS);
      expect(json.stdout).not.toContain("CREATE TABLE");
    } finally {
      await db.drop();
    }
  });

  it("records every run in schema_init_runs: success, a no-op, a failure after connecting; a failure to record only warns", async () => {
    const db = await createTestDatabase({ from: "empty" });
    try {
      const env = { DATABASE_URL: db.url, ADMIN_PASSWORD: "results-admin-password" };
      expect((await runCli(["up"], env)).exitCode).toBe(0);
      expect((await runCli(["up"], env)).exitCode).toBe(0);
      await runAdmin(db.url, ["ALTER TABLE users DROP COLUMN locked_until"]);
      expect((await runCli(["up"], env)).exitCode).toBe(65);

      const rows = await runRows(db.url);
      expect(rows).toHaveLength(3);
      const [first, noop, failed] = rows;
      expect(first).toMatchObject({ outcome: "ok", applied_migrations: SHIPPED_MIGRATIONS, pending_count: 0, validation: "ok", finding_count: 0, error_code: null, message: null, tool_version: version });
      expect(noop).toMatchObject({ outcome: "ok", applied_migrations: [], pending_count: 0, validation: "ok", error_code: null });
      expect(failed).toMatchObject({ outcome: "failed", applied_migrations: [], validation: "failed", finding_count: 1, error_code: "SCHEMA_DRIFT", tool_version: version });
      expect(failed?.message).toBe("The database does not match the schema after migrating:");
      for (const row of rows) {
        expect(row.duration_ms).toBeGreaterThanOrEqual(0);
        expect(row.finished_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      }
      expect(JSON.stringify(rows)).not.toContain(env.ADMIN_PASSWORD);

      // A run whose row cannot be written still succeeds, with a warning.
      await runAdmin(db.url, ["ALTER TABLE users ADD COLUMN locked_until timestamptz(6)", "ALTER TABLE schema_init_runs ADD CONSTRAINT refuse_rows CHECK (false) NOT VALID"]);
      const unrecorded = await runCli(["up"], env);
      expect(unrecorded.exitCode).toBe(0);
      expect(unrecorded.stderr).toMatch(/WARN Could not record this run in schema_init_runs/);
    } finally {
      await db.drop();
    }
  });

  it("--json through the documented `pnpm -s --filter @netraven/schema-init start -- ...` is JSON", async () => {
    const db = await createTestDatabase();
    try {
      const run = await execa("pnpm", ["-s", "--filter", "@netraven/schema-init", "start", "--", "status", "--json"], {
        cwd: REPO,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", DATABASE_URL: db.url },
        extendEnv: false,
        reject: false,
        timeout: 120_000,
      });
      expect(run.exitCode).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ version: 1, pending: [], failed: [] });
      const usage = await execa("pnpm", ["-s", "--filter", "@netraven/schema-init", "start", "--", "frobnicate", "--json"], {
        cwd: REPO,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root" },
        extendEnv: false,
        reject: false,
        timeout: 120_000,
      });
      expect(usage.exitCode).toBe(64);
      expect(JSON.parse(usage.stdout)).toMatchObject({ version: 1, ok: false, error: { code: "USAGE", exitCode: 64 } });
    } finally {
      await db.drop();
    }
  });
});
