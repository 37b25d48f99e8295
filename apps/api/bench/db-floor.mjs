// The database-only run for run.mjs: the statements one request runs (the
// user check, then the route's device read) straight through pg, from as many
// concurrent callers as the HTTP run has connections, on a pool of the same
// size, with no HTTP server in between. When it misses a latency target, the
// SQL and the machine miss it, not the server.
import { performance } from "node:perf_hooks";

import { createDbClient } from "@netraven/db-schema";

import { AUTH_USER_SQL, listDeviceRows, prepared, readDeviceRow } from "../dist/index.js";

/** The API's per-request user check, as both baselines run it. */
export async function checkBenchUser(pool, userId) {
  const { rows } = await pool.query(prepared(AUTH_USER_SQL, [userId]));
  if (!rows[0]?.is_active) throw new Error("bench user inactive");
}

/** Runs `read` from `callers` concurrent loops for `seconds`; returns req/s and p50/p99 in ms. */
async function measure(callers, seconds, read) {
  const latencies = [];
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        await read();
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
  return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
}

/**
 * Measures the floor for each route: `routes` carry a `read(pool)` that runs
 * the route's SQL. Warm-up first, so every connection has its statements prepared.
 */
export async function measureDatabaseFloor({ databaseUrl, userId, poolMax, callers, warmupSeconds, seconds, routes }) {
  const db = createDbClient({ url: databaseUrl, pool: { max: poolMax } });
  try {
    const results = [];
    for (const route of routes) {
      const request = async () => {
        await checkBenchUser(db.pool, userId);
        await route.read(db.pool);
      };
      await measure(callers, warmupSeconds, request);
      results.push(await measure(callers, seconds, request));
    }
    return results;
  } finally {
    await db.close();
  }
}

/** The device reads of run.mjs's routes, as the API runs them. */
export const deviceReads = {
  list: (pool) => listDeviceRows(pool, { limit: 50, offset: 100, sort: "hostname" }),
  byId: (id) => (pool) => readDeviceRow(pool, id),
};
