// pnpm bench (schema-init): each measurement against a baseline taken in the
// same run on the same server, interleaved run by run, printed as ratios
// with their targets. For N = 0, 100 and 300 synthetic migrations on top of
// the shipped ones (one table, index and foreign key each):
//   first apply on an empty database: schema-init vs `psql -1 -f` of the same
//     files, and vs node-pg-migrate (its default: all pending in one transaction)
//   no-op on an up-to-date database: schema-init vs node + pg connect + 1 query
// and once: the delay from the database accepting connections to schema-init
// finishing when schema-init was started first (a database restart).
// BENCH_SIZES=0,100 BENCH_APPLY_RUNS=5 BENCH_RUNS=9 change the amounts.
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { findFreePort, startEmbeddedPostgres } from "@netraven/runtime/embedded-postgres";
import pg from "pg";

import { median, timeProcess } from "./lib/processes.mjs";
import { writeManifest, writeSyntheticSet } from "./lib/synthetic.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(here, "../dist/cli.js");
const FLOOR = path.join(here, "floor.mjs");
const NODE_PG_MIGRATE = fileURLToPath(import.meta.resolve("node-pg-migrate/bin/node-pg-migrate"));
const PSQL = ["/usr/lib/postgresql/15/bin/psql", "psql"].find((p) => p === "psql" || existsSync(p));
const SIZES = (process.env.BENCH_SIZES ?? "0,100,300").split(",").map(Number);
const APPLY_RUNS = Number(process.env.BENCH_APPLY_RUNS ?? 5);
const NOOP_RUNS = Number(process.env.BENCH_RUNS ?? 9);
const APPLY_TARGET = { 0: 2.5, 100: 1.5, 300: 1.3 };
const NOOP_TARGET = 1.3;

async function admin(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const root = await mkdtemp(path.join(os.tmpdir(), "nr-bench-schema-init-"));
await chmod(root, 0o755);
const port = await findFreePort();
const options = { dataDir: path.join(root, "data"), port };
let server = await startEmbeddedPostgres(options);
const base = server.url;
const dbUrl = (name) => base.replace(/\/postgres$/, `/${name}`);
let dbCount = 0;
/** A fresh empty database; dropped by the caller. */
async function freshDatabase() {
  const name = `bench_${dbCount++}`;
  await admin(base, `CREATE DATABASE ${name}`);
  return { name, url: dbUrl(name), drop: () => admin(base, `DROP DATABASE ${name} WITH (FORCE)`) };
}

const rows = [];
try {
  for (const n of SIZES) {
    const set = await writeSyntheticSet(path.join(root, `set-${n}`), n);
    const env = { SCHEMA_INIT_MIGRATIONS_DIR: set.dir, SCHEMA_INIT_MANIFEST: set.manifest };
    const tools = {
      psql: (url) => timeProcess(PSQL, ["-q", "-X", "-v", "ON_ERROR_STOP=1", "-1", ...set.sqlFiles.flatMap((f) => ["-f", f]), url]),
      "schema-init": (url) => timeProcess(process.execPath, [CLI, "up", "--no-seed"], { ...env, DATABASE_URL: url }),
      "node-pg-migrate": (url) => timeProcess(process.execPath, [NODE_PG_MIGRATE, "up", "-m", set.nodePgMigrateDir, "--no-verbose"], { DATABASE_URL: url }),
    };
    // The set's manifest, built from a database the set was applied to (as migration:new builds the shipped one).
    const scratch = await freshDatabase();
    await tools.psql(scratch.url);
    await writeManifest(set, scratch.url);
    await scratch.drop();

    const times = { psql: [], "schema-init": [], "node-pg-migrate": [] };
    const order = Object.keys(tools);
    for (let run = 0; run < APPLY_RUNS; run++) {
      // Rotate who goes first, so drift of the machine's speed hits every tool alike.
      for (const tool of [...order.slice(run % 3), ...order.slice(0, run % 3)]) {
        const db = await freshDatabase();
        times[tool].push((await tools[tool](db.url)).elapsed);
        await db.drop();
      }
    }
    const apply = median(times["schema-init"]);
    rows.push([`N=${n}: first apply`, apply, "psql -1 -f", median(times.psql), APPLY_TARGET[n] ?? 1.3]);
    rows.push([`N=${n}: first apply`, apply, "node-pg-migrate up", median(times["node-pg-migrate"]), 1]);

    // No-op on an up-to-date database (seeding included, as at every container start).
    const upToDate = await freshDatabase();
    await timeProcess(process.execPath, [CLI, "up"], { ...env, DATABASE_URL: upToDate.url, ADMIN_PASSWORD: "bench-admin-password" });
    const floor = [];
    const noop = [];
    for (let i = 0; i < NOOP_RUNS; i++) {
      floor.push((await timeProcess(process.execPath, [FLOOR], { DATABASE_URL: upToDate.url })).elapsed);
      noop.push((await timeProcess(process.execPath, [CLI, "up"], { ...env, DATABASE_URL: upToDate.url })).elapsed);
    }
    rows.push([`N=${n}: no-op run`, median(noop), "node + pg connect + 1 query", median(floor), NOOP_TARGET]);
    if (n === SIZES[0]) {
      // Start schema-init while the server is down; measure from the moment the server accepts connections.
      const delays = [];
      for (let i = 0; i < 3; i++) {
        await server.stop();
        const run = timeProcess(process.execPath, [CLI, "up", "--wait-timeout", "60000"], { ...env, DATABASE_URL: upToDate.url });
        await new Promise((r) => setTimeout(r, 1500));
        let acceptedAt;
        const probe = (async () => {
          for (;;) {
            const client = new pg.Client({ connectionString: base, connectionTimeoutMillis: 1000 });
            try {
              await client.connect();
              acceptedAt = performance.now();
              await client.end();
              return;
            } catch {
              await client.end().catch(() => {});
              await new Promise((r) => setTimeout(r, 2));
            }
          }
        })();
        server = await startEmbeddedPostgres(options);
        await probe;
        delays.push((await run).endedAt - acceptedAt);
      }
      rows.push(["server accepts -> schema-init done", median(delays), "target (absolute)", 250, 1]);
    }
    await upToDate.drop();
  }
} finally {
  await server.stop();
  await rm(root, { recursive: true, force: true });
}

console.log(`\nschema-init benchmarks (medians: first apply of ${APPLY_RUNS} runs, no-op of ${NOOP_RUNS}; whole processes; embedded PostgreSQL 15 on 127.0.0.1; node ${process.version})\n`);
console.log("| measurement | schema-init | baseline | baseline | ratio | target | result |");
console.log("|---|---|---|---|---|---|---|");
let failed = 0;
for (const [name, value, baseName, baseline, target] of rows) {
  const ratio = value / baseline;
  const ok = ratio <= target;
  if (!ok) failed++;
  console.log(`| ${name} | ${value.toFixed(0)} ms | ${baseName} | ${baseline.toFixed(0)} ms | ${ratio.toFixed(2)}x | <= ${target}x | ${ok ? "PASS" : "FAIL"} |`);
}
console.log(
  "\nAll figures are whole processes, node start-up included (psql is a C binary that starts in a few ms). N synthetic migrations come on\ntop of the shipped ones; each run gets a fresh database. `node-pg-migrate` runs with its defaults (all pending in one transaction)\nbut --no-verbose; ratio <= 1x means schema-init was faster.",
);
console.log(failed ? `\n${failed} target(s) missed.` : "\nEvery target met.");
