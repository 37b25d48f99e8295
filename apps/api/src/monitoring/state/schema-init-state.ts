import pg from "pg";

/** The newest row of `schema_init_runs`. */
export interface SchemaInitRun {
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  outcome: string;
  appliedMigrations: string[];
  pendingCount: number;
  validation: string;
  findingCount: number;
  errorCode: string | null;
  toolVersion: string | null;
}

/** The last recorded schema-init run, or null (none yet, or the table cannot be read). */
export async function readLastSchemaInitRun(pool: pg.Pool, schema: string): Promise<SchemaInitRun | null> {
  try {
    const { rows } = await pool.query<{
      started_at: Date;
      finished_at: Date;
      duration_ms: number;
      outcome: string;
      applied_migrations: unknown;
      pending_count: number;
      validation: string;
      finding_count: number;
      error_code: string | null;
      tool_version: string | null;
    }>(
      `SELECT started_at, finished_at, duration_ms, outcome, applied_migrations, pending_count, validation, finding_count, error_code, tool_version
         FROM ${pg.escapeIdentifier(schema)}.schema_init_runs ORDER BY finished_at DESC LIMIT 1`,
    );
    const row = rows[0];
    if (!row) return null;
    const applied = Array.isArray(row.applied_migrations) ? row.applied_migrations.filter((name): name is string => typeof name === "string") : [];
    return {
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      durationMs: row.duration_ms,
      outcome: row.outcome,
      appliedMigrations: applied,
      pendingCount: row.pending_count,
      validation: row.validation,
      findingCount: row.finding_count,
      errorCode: row.error_code,
      toolVersion: row.tool_version,
    };
  } catch {
    return null;
  }
}
