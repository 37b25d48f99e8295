import { validateSchema } from "@netraven/schema-init";
import type { SchemaProblem } from "@netraven/schema-init";
import pg from "pg";

/** The schema as the status page and /metrics show it. */
export interface SchemaState {
  /** When the catalog was last compared with the manifest. */
  checkedAt: Date;
  /** Set when validation could not run (the reason, never a connection string). */
  error?: string;
  /** Migrations recorded as finished in `_prisma_migrations`. */
  appliedCount: number;
  /** The newest applied migration: the schema version. */
  newest: { name: string; finishedAt: Date } | null;
  /** Newest migration this build ships. */
  expectedMigration: string;
  pending: string[];
  failed: string[];
  problems: SchemaProblem[];
  /** SQL that brings the catalog back to the manifest ("" when none is needed). */
  repairSql: string;
}

/** Options for {@link createSchemaStateReader}. */
export interface SchemaStateOptions {
  pool: pg.Pool;
  schema: string;
  /** How long a result is reused, so a scrape or a page view costs no catalog read. */
  cacheMs: number;
  clock: () => Date;
}

/**
 * Runs schema-init's validation (the same library as /readyz and
 * `schema-init validate`) at most once per `cacheMs`, sharing one run between
 * concurrent callers.
 */
export function createSchemaStateReader(options: SchemaStateOptions): () => Promise<SchemaState> {
  let cached: SchemaState | undefined;
  let inFlight: Promise<SchemaState> | undefined;
  return async () => {
    const now = options.clock();
    if (cached && now.getTime() - cached.checkedAt.getTime() < options.cacheMs) return cached;
    inFlight ??= readSchemaState(options, now).finally(() => {
      inFlight = undefined;
    });
    cached = await inFlight;
    return cached;
  };
}

async function readSchemaState(options: SchemaStateOptions, now: Date): Promise<SchemaState> {
  try {
    const [report, applied] = await Promise.all([validateSchema({ client: options.pool, schema: options.schema }), readApplied(options.pool, options.schema)]);
    return {
      checkedAt: now,
      ...applied,
      expectedMigration: report.expectedMigration,
      pending: report.pendingMigrations,
      failed: report.failedMigrations,
      problems: report.problems,
      repairSql: report.repairSql,
    };
  } catch {
    return { checkedAt: now, error: "schema validation could not run (database unreachable, or schema-init never ran)", appliedCount: 0, newest: null, expectedMigration: "", pending: [], failed: [], problems: [], repairSql: "" };
  }
}

async function readApplied(pool: pg.Pool, schema: string): Promise<Pick<SchemaState, "appliedCount" | "newest">> {
  const table = `${pg.escapeIdentifier(schema)}._prisma_migrations`;
  const { rows } = await pool.query<{ count: number; name: string | null; finished_at: Date | null }>(
    `SELECT (SELECT count(*)::int FROM ${table} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL) AS count, n.migration_name AS name, n.finished_at
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (SELECT migration_name, finished_at FROM ${table} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name DESC LIMIT 1) n ON true`,
  );
  const row = rows[0];
  return { appliedCount: row?.count ?? 0, newest: row?.name && row.finished_at ? { name: row.name, finishedAt: row.finished_at } : null };
}
