import type pg from "pg";

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

/**
 * Reads `_prisma_migrations` in one query; null when the table does not exist
 * yet (a fresh database). This is the cheap check that recognises an
 * up-to-date database without loading the schema engine.
 */
export async function readMigrationHistory(client: pg.ClientBase, schema: string): Promise<MigrationRow[] | null> {
  const table = `"${schema.replaceAll('"', '""')}"._prisma_migrations`;
  try {
    const { rows } = await client.query<{
      id: string;
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      started_at: Date;
      logs: string | null;
    }>(`SELECT id, migration_name, checksum, finished_at, rolled_back_at, started_at, logs FROM ${table} ORDER BY started_at, migration_name`);
    return rows.map((r) => ({
      id: r.id,
      migrationName: r.migration_name,
      checksum: r.checksum,
      finishedAt: r.finished_at,
      rolledBackAt: r.rolled_back_at,
      startedAt: r.started_at,
      logs: r.logs,
    }));
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
  const table = `"${schema.replaceAll('"', '""')}"._prisma_migrations`;
  const result = await client.query(
    `UPDATE ${table} SET rolled_back_at = now() WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`,
    [migrationName],
  );
  return result.rowCount ?? 0;
}
