// Child process of run.mjs: serves the real API (built dist) or the baseline
// (bare-server.mjs), so the load generator does not share an event loop with it.
// Prints one JSON line {"port": n} when listening; stops on SIGTERM.
import { createDbClient } from "@netraven/db-schema";

import { createLogger, createServer, parseKeyring } from "../dist/index.js";
import { startBaselineServer } from "./bare-server.mjs";

const [mode] = process.argv.slice(2);
const databaseUrl = process.env.BENCH_DATABASE_URL;
const POOL_MAX = Number(process.env.BENCH_POOL_MAX ?? 10);
let close;

if (mode === "bare") {
  const server = await startBaselineServer(databaseUrl, POOL_MAX, process.env.BENCH_USER_ID);
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
  close = server.close;
} else {
  const db = createDbClient({ url: databaseUrl, pool: { max: POOL_MAX, parallelWorkersPerGather: 0 } });
  const app = await createServer({
    db,
    // Warn level: per-request info logs would measure stdout, not the API; the baseline logs nothing either.
    logger: createLogger({ level: "warn" }),
    config: {
      production: true,
      jwt: { secret: process.env.BENCH_JWT_SECRET, ttlSeconds: 3600 },
      keyring: parseKeyring(process.env.BENCH_ENCRYPTION_KEYS),
      rateLimit: { max: 100_000_000, loginMax: 1000, windowMs: 60_000 },
      trustProxy: false,
      databaseSchema: "public",
      readinessCacheMs: 5000,
      userCacheTtlMs: 10_000,
      maxEventLoopDelayMs: 1000,
    },
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  process.stdout.write(`${JSON.stringify({ port: app.server.address().port })}\n`);
  close = async () => {
    await app.close();
    await db.close();
  };
}

process.once("SIGTERM", () => close().then(() => process.exit(0)));
