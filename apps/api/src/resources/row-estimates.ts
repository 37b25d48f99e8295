import type pg from "pg";

import { queryPrepared } from "../server/prepared.js";

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The planner's row count of a table (pg_class.reltuples, kept by ANALYZE and
 * autovacuum): free to read at any size. Null before the first ANALYZE.
 * Without `schema` the name resolves on the connection's search_path, as the SQL reads do.
 */
export async function estimateTableRows(pool: pg.Pool, table: string, schema?: string): Promise<number | null> {
  const name = schema === undefined ? quoteIdent(table) : `${quoteIdent(schema)}.${quoteIdent(table)}`;
  const { rows } = await queryPrepared<{ n: number | null }>(pool, "SELECT CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::float8 END AS n FROM pg_class c WHERE c.oid = to_regclass($1)", [name]);
  const n = rows[0]?.n;
  return n === null || n === undefined ? null : Math.round(n);
}

interface ExplainRow {
  "QUERY PLAN": [{ Plan: { "Plan Rows": number } }];
}

/**
 * The planner's estimate of the rows a statement returns (EXPLAIN, which plans
 * without running it, so it costs the same at any table size). Used for the
 * `total` of a filtered list once an exact count would be expensive.
 */
export async function estimateQueryRows(pool: pg.Pool, sql: string, values: unknown[]): Promise<number> {
  const { rows } = await pool.query<ExplainRow>(`EXPLAIN (FORMAT JSON) ${sql}`, values);
  return Math.round(rows[0]?.["QUERY PLAN"][0].Plan["Plan Rows"] ?? 0);
}
