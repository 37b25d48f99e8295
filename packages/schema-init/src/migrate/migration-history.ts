import { randomUUID } from "node:crypto";

import type { MigrationScript } from "@netraven/db-schema/core";
import type pg from "pg";

import { historyTable, literal } from "./history-table.js";

/** One row of `_prisma_migrations`. */
export interface MigrationRow {
  id: string;
  migrationName: string;
  checksum: string;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
  startedAt: Date;
  logs: string | null;
}

/** A row of `_prisma_migrations` as the server sends it. */
export interface HistoryRecord {
  id: string;
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  logs: string | null;
}

/** The query that reads the whole history (no parameters: it may share a message with other statements). */
export const historySql = (schema: string) => `SELECT id, migration_name, checksum, finished_at, rolled_back_at, started_at, logs FROM ${historyTable(schema)} ORDER BY started_at, migration_name`;

/** History records as {@link MigrationRow}s. */
export function toMigrationRows(records: HistoryRecord[]): MigrationRow[] {
  return records.map((r) => ({
    id: r.id,
    migrationName: r.migration_name,
    checksum: r.checksum,
    finishedAt: r.finished_at,
    rolledBackAt: r.rolled_back_at,
    startedAt: r.started_at,
    logs: r.logs,
  }));
}

/**
 * Reads `_prisma_migrations` in one query; null when the table does not exist
 * yet (a fresh database). This is the cheap check that recognises an
 * up-to-date database: one round trip whatever the number of migrations.
 */
export async function readMigrationHistory(client: pg.ClientBase, schema: string): Promise<MigrationRow[] | null> {
  try {
    return toMigrationRows((await client.query<HistoryRecord>(historySql(schema))).rows);
  } catch (error) {
    if ((error as { code?: string }).code === "42P01") return null; // undefined_table
    throw error;
  }
}

/**
 * Marks a failed migration rolled back, as `prisma migrate resolve
 * --rolled-back` does: the row stays (with its logs) and is ignored from now
 * on, so the fixed migration can be applied again.
 */
export async function markRolledBack(client: pg.ClientBase, schema: string, migrationName: string): Promise<number> {
  const result = await client.query(
    `UPDATE ${historyTable(schema)} SET rolled_back_at = now() WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`,
    [migrationName],
  );
  return result.rowCount ?? 0;
}

/**
 * Records a migration whose transaction PostgreSQL rolled back: a row already
 * marked rolled back, with the error in `logs`, which Prisma and we ignore.
 * Skipped when the history table itself was rolled back (a fresh database).
 */
export async function recordRolledBack(client: pg.ClientBase, schema: string, migration: MigrationScript, logs: string): Promise<void> {
  try {
    await client.query(
      `INSERT INTO ${historyTable(schema)} (id, checksum, migration_name, started_at, logs, rolled_back_at, applied_steps_count) VALUES ('${randomUUID()}', '${migration.checksum}', ${literal(migration.name)}, now(), ${literal(logs)}, now(), 0)`,
    );
  } catch (error) {
    if ((error as { code?: string }).code !== "42P01") throw error;
  }
}
