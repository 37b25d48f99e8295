// Baselines for run.mjs, registered only by the benchmark. Both are bare
// Fastify servers (no schemas, JWT, rate limit, zod, hooks beyond the user
// check) on a pg pool of the same size:
// - "bare": the API's own device read functions, i.e. the same SQL the API
//   runs, plus the same per-request user check;
// - "prisma": the same reads through Prisma 7 (findMany/findUnique with the
//   tags included, count), for information: it shows why the API reads
//   devices with SQL rather than through Prisma.
import { createDbClient } from "@netraven/db-schema";
import Fastify from "fastify";

import { listDeviceRows, readDeviceRow } from "../dist/index.js";
import { checkBenchUser } from "./db-floor.mjs";

const include = { tags: { include: { tag: true } } };

/** Starts a baseline server on 127.0.0.1 and returns its port and a stop function. */
export async function startBaselineServer(kind, databaseUrl, poolMax, userId) {
  const db = createDbClient({ url: databaseUrl, pool: { max: poolMax } });
  const app = Fastify({ logger: false });
  app.addHook("onRequest", () => checkBenchUser(db.pool, userId));

  app.get("/devices", async (request) => {
    const query = { limit: Number(request.query.limit ?? 50), offset: Number(request.query.offset ?? 0), sort: "hostname" };
    if (kind === "bare") {
      const { total, rows } = await listDeviceRows(db.pool, query);
      return { items: rows, total, limit: query.limit, offset: query.offset };
    }
    const [total, items] = await Promise.all([
      db.prisma.device.count({ where: {} }),
      db.prisma.device.findMany({ where: {}, orderBy: [{ hostname: "asc" }, { id: "asc" }], skip: query.offset, take: query.limit, include }),
    ]);
    return { items, total, limit: query.limit, offset: query.offset };
  });

  app.get("/devices/:id", async (request, reply) => {
    const row = kind === "bare" ? await readDeviceRow(db.pool, request.params.id) : await db.prisma.device.findUnique({ where: { id: request.params.id }, include });
    return row ?? reply.code(404).send({ status: 404 });
  });

  await app.listen({ host: "127.0.0.1", port: 0 });
  return {
    port: app.server.address().port,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}
