// The baseline for run.mjs, registered only by the benchmark: a bare Fastify
// server (no schemas, JWT, rate limit, zod, hooks beyond the user check) on a
// pg pool of the same size, running the API's own device read functions, i.e.
// the same SQL the API runs, plus a per-request user check as a bare route
// would do it: one query each time. The API's reads take that row from their
// NOTIFY-evicted copy instead (docs/api.md, "Authentication and roles"); the
// same routes under /plain/ skip the check, so run.mjs can also print the cost
// of the API's HTTP layer alone (info).
import { createDbClient } from "@netraven/db-schema";
import Fastify from "fastify";

import { AUTH_USER_SQL, listDeviceRows, prepared, readDeviceRow } from "../dist/index.js";

/** The API's per-request user check, as the baseline runs it. */
async function checkBenchUser(pool, userId) {
  const { rows } = await pool.query(prepared(AUTH_USER_SQL, [userId]));
  if (!rows[0]?.is_active) throw new Error("bench user inactive");
}

/** Starts the baseline server on 127.0.0.1 and returns its port and a stop function. */
export async function startBaselineServer(databaseUrl, poolMax, userId) {
  const db = createDbClient({ url: databaseUrl, pool: { max: poolMax, parallelWorkersPerGather: 0 } });
  const app = Fastify({ logger: false });
  // Not async: the checked routes pay for exactly the one promise they paid for before /plain/ existed.
  app.addHook("onRequest", (request) => (request.url.startsWith("/plain/") ? Promise.resolve() : checkBenchUser(db.pool, userId)));

  // Same parameters as /api/devices, except that the cursor arrives decoded (afterKey, afterId).
  app.get("/devices", async (request) => {
    const { limit = "50", hostname, tag, afterKey, afterId } = request.query;
    const query = {
      limit: Number(limit),
      offset: 0,
      sort: "hostname",
      hostname,
      tag: tag === undefined ? undefined : [tag].flat(),
      after: afterKey === undefined ? undefined : { keys: [afterKey], id: afterId },
    };
    const { items, next, total, totalExact } = await listDeviceRows(db.pool, query);
    return { items, total, totalExact, limit: query.limit, offset: 0, next: next ? next.id : null };
  });

  const byId = async (request, reply) => {
    const row = await readDeviceRow(db.pool, request.params.id);
    return row ?? reply.code(404).send({ status: 404 });
  };
  app.get("/devices/:id", byId);
  app.get("/plain/devices/:id", byId);

  await app.listen({ host: "127.0.0.1", port: 0 });
  return {
    port: app.server.address().port,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}
