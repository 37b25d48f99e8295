import pg from "pg";
import { describe, expect, it } from "vitest";

import { createTestDatabase, runAdmin } from "@netraven/db-schema/testing";

import { initializeSchema } from "../../src/index.js";
import { captureLogger } from "../helpers/capture-logger.js";
import { queryRows } from "../helpers/query-rows.js";
import { SHIPPED_MIGRATIONS } from "../helpers/shipped-migrations.js";

const TABLES = [
  "admin_settings",
  "audit_logs",
  "backup_runs",
  "backups",
  "credential_tags",
  "credentials",
  "device_tags",
  "devices",
  "job_log_entries",
  "job_logs",
  "scheduled_jobs",
  "schema_init_runs",
  "tag_rules",
  "tags",
  "users",
];

const query = queryRows;

describe("initializeSchema on an empty database", () => {
  it("creates all 15 tables, validates, seeds, and a second run is a no-op", async () => {
    const db = await createTestDatabase({ from: "empty" });
    try {
      const logger = captureLogger();
      const first = await initializeSchema({ databaseUrl: db.url, logger, adminPassword: "first-admin-password" });
      expect(first.migrationsApplied).toEqual(SHIPPED_MIGRATIONS);
      expect(first.validation).toMatchObject({ ok: true, drift: false, pendingMigrations: [], problems: [] });
      expect(first.seed).toMatchObject({ settingsInserted: 22, defaultTagCreated: true, admin: { created: true, username: "admin" } });
      expect(first.seed?.admin.generatedPassword).toBeUndefined();

      const tables = await query<{ table_name: string }>(db.url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1");
      expect(tables.map((t) => t.table_name)).toEqual(TABLES);

      const snapshot = () =>
        query(db.url, "SELECT (SELECT json_agg(s ORDER BY key) FROM admin_settings s) AS settings, (SELECT json_agg(t ORDER BY name) FROM tags t) AS tags, (SELECT json_agg(u ORDER BY username) FROM users u) AS users");
      const before = await snapshot();
      const second = await initializeSchema({ databaseUrl: db.url, logger });
      expect(second.migrationsApplied).toEqual([]);
      expect(second.seed).toMatchObject({ settingsInserted: 0, defaultTagCreated: false, admin: { created: false } });
      expect(await snapshot()).toEqual(before);
      expect(logger.text()).not.toContain("first-admin-password");
    } finally {
      await db.drop();
    }
  });

  it("never overwrites a setting an operator changed", async () => {
    const db = await createTestDatabase({ from: "empty" });
    try {
      await initializeSchema({ databaseUrl: db.url, logger: captureLogger() });
      await query(db.url, "UPDATE admin_settings SET value = '10' WHERE key = 'security.login.max_failed_attempts'");
      await initializeSchema({ databaseUrl: db.url, logger: captureLogger() });
      const rows = await query<{ value: number }>(db.url, "SELECT value FROM admin_settings WHERE key = 'security.login.max_failed_attempts'");
      expect(rows[0]?.value).toBe(10);
    } finally {
      await db.drop();
    }
  });

  it("generates a random admin password when none is configured, different every installation", async () => {
    const [a, b] = await Promise.all([createTestDatabase({ from: "empty" }), createTestDatabase({ from: "empty" })]);
    try {
      const [ra, rb] = await Promise.all([a, b].map((db) => initializeSchema({ databaseUrl: db.url, logger: captureLogger() })));
      const pa = ra?.seed?.admin.generatedPassword;
      const pb = rb?.seed?.admin.generatedPassword;
      expect(pa).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(pa).not.toBe(pb);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });

  it("creates a missing database when the role may", async () => {
    const db = await createTestDatabase({ from: "empty" });
    await db.drop();
    try {
      const report = await initializeSchema({ databaseUrl: db.url, logger: captureLogger(), seed: false });
      expect(report.validation.ok).toBe(true);
      expect(report.seed).toBeNull();
    } finally {
      await db.drop();
    }
  });
});

describe("initializeSchema's errors, as a library caller (the API) sees them", () => {
  it("carry the shared exit code: 75 for a held lock (retryable), 65 for drift", async () => {
    const db = await createTestDatabase();
    const holder = new pg.Client({ connectionString: db.url, application_name: "held-by-library-test" });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(1314018865)");
      const locked = await initializeSchema({ databaseUrl: db.url, logger: captureLogger(), lockMode: "fail", seed: false }).catch((e: unknown) => e);
      expect(locked).toMatchObject({ code: "LOCK_TIMEOUT", exitCode: 75, retryable: true });
      await holder.query("SELECT pg_advisory_unlock(1314018865)");

      await runAdmin(db.url, ["ALTER TABLE users DROP COLUMN locked_until"]);
      const drift = await initializeSchema({ databaseUrl: db.url, logger: captureLogger(), seed: false }).catch((e: unknown) => e);
      expect(drift).toMatchObject({ code: "SCHEMA_DRIFT", exitCode: 65, retryable: false });
    } finally {
      await holder.end();
      await db.drop();
    }
  });
});
