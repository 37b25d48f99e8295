import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { BACKUP_RUNS_KEPT, recordBackupRun, recordSchemaInitRun, SCHEMA_INIT_RUNS_KEPT } from "../../src/core.js";
import type { DbClient } from "../../src/index.js";
import { createDbClient } from "../../src/index.js";
import { useTestDatabase } from "../../src/testing/index.js";

// The writers' side of the run-history contract (docs/operations.md): one
// statement inserts the run and prunes the history to its bound.
const database = useTestDatabase();
let db: DbClient;

beforeAll(() => {
  db = createDbClient({ url: database().url });
});
afterAll(async () => {
  await db.close();
});

const count = async (table: string) => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n;

describe("recordBackupRun", () => {
  it("stores every field and keeps the newest rows when the history is full", async () => {
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
    await recordBackupRun(db.pool, {
      kind: "create",
      startedAt: at(2),
      finishedAt: at(1),
      outcome: "ok",
      backupId: "netraven-20261201T100000Z",
      backupCreatedAt: at(2),
      sizeBytes: 5 * 1024 ** 3,
      verifiedAt: at(1),
      backupCount: 7,
      toolVersion: "0.2.0",
    });
    const { rows } = await db.pool.query("SELECT kind, outcome, backup_id, size_bytes::float8 AS size, backup_count, error_code, verified_at IS NOT NULL AS verified FROM backup_runs");
    expect(rows).toEqual([{ kind: "create", outcome: "ok", backup_id: "netraven-20261201T100000Z", size: 5 * 1024 ** 3, backup_count: 7, error_code: null, verified: true }]);

    // A full history of older runs: the next record drops the oldest beyond the bound, never the new row.
    await db.pool.query(
      `INSERT INTO backup_runs (kind, started_at, finished_at, outcome) SELECT 'verify', now() - g * interval '1 hour', now() - g * interval '1 hour', 'ok' FROM generate_series(1, $1) g`,
      [BACKUP_RUNS_KEPT + 5],
    );
    await recordBackupRun(db.pool, { kind: "prune", startedAt: at(0), finishedAt: at(0), outcome: "failed", errorCode: "BACKUP_DIR_MISSING", message: "the backup directory is missing" });
    expect(await count("backup_runs")).toBe(BACKUP_RUNS_KEPT + 1);
    const newest = await db.pool.query("SELECT kind, error_code FROM backup_runs ORDER BY finished_at DESC LIMIT 2");
    expect(newest.rows).toEqual([
      { kind: "prune", error_code: "BACKUP_DIR_MISSING" },
      { kind: "create", error_code: null },
    ]);
  });
});

describe("recordSchemaInitRun", () => {
  it("stores the applied migrations as a JSON array and prunes to its bound", async () => {
    const now = new Date();
    await db.pool.query(`INSERT INTO schema_init_runs (started_at, finished_at, duration_ms, outcome, validation) SELECT now() - g * interval '1 day', now() - g * interval '1 day', 10, 'ok', 'ok' FROM generate_series(1, $1) g`, [SCHEMA_INIT_RUNS_KEPT]);
    await recordSchemaInitRun(db.pool, { startedAt: now, finishedAt: now, durationMs: 812.4, outcome: "ok", appliedMigrations: ["20261124002703_init"], pendingCount: 0, validation: "ok", findingCount: 0, toolVersion: "0.2.0" });
    expect(await count("schema_init_runs")).toBe(SCHEMA_INIT_RUNS_KEPT + 1);
    const { rows } = await db.pool.query("SELECT applied_migrations, duration_ms, validation FROM schema_init_runs ORDER BY finished_at DESC LIMIT 1");
    expect(rows[0]).toEqual({ applied_migrations: ["20261124002703_init"], duration_ms: 812, validation: "ok" });
  });
});
