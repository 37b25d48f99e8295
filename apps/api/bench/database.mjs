// The bench's own database: a fresh one on TEST_DATABASE_URL's server, else an
// embedded PostgreSQL in a temporary directory; dropped or removed afterwards.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { findFreePort, startEmbeddedPostgres } from "@netraven/runtime/embedded-postgres";

import { runSql } from "./seed.mjs";

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates the bench database; returns its URL and a stop function. */
export async function startBenchDatabase() {
  const name = `netraven_bench_${process.pid}`;
  if (process.env.TEST_DATABASE_URL) {
    const admin = process.env.TEST_DATABASE_URL;
    await runSql(admin, [`CREATE DATABASE ${name}`]);
    return { url: withDatabase(admin, name), stop: () => runSql(admin, [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]) };
  }
  const root = await mkdtemp(path.join(os.tmpdir(), "netraven-bench-"));
  await chmod(root, 0o755); // as root, PostgreSQL runs as another user that must reach its data
  const server = await startEmbeddedPostgres({ dataDir: path.join(root, "data"), port: await findFreePort(), ephemeral: true });
  await runSql(server.url, [`CREATE DATABASE ${name}`]);
  return {
    url: withDatabase(server.url, name),
    stop: async () => {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
