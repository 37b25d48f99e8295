// pnpm bench (schema-init): three measurements, each against a baseline taken
// in the same run on the same server, printed as ratios with their targets.
//   (a) no-op run on an up-to-date database vs node + pg connect + one query
//   (b) first apply on an empty database vs `psql -1 -f` of the same SQL
//   (c) delay from the database accepting connections to schema-init finishing,
//       when schema-init was started first (a database restart)
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, chmod, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { migrationsDir } from "@netraven/db-schema/core";
import { findFreePort, startEmbeddedPostgres } from "@netraven/db-schema/embedded";
import pg from "pg";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(here, "../dist/cli.js");
const FLOOR = path.join(here, "floor.mjs");
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const PSQL = ["/usr/lib/postgresql/15/bin/psql", "psql"].find((p) => p === "psql" || existsSync(p));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n) => `${n.toFixed(0)} ms`;

function timeProcess(command, args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const elapsed = performance.now() - started;
      if (code !== 0) reject(new Error(`${path.basename(command)} ${args.join(" ")} exited ${code}: ${stderr}`));
      else resolve({ elapsed, stdout, endedAt: performance.now() });
    });
  });
}

async function admin(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const dbUrl = (base, name) => base.replace(/\/postgres$/, `/${name}`);

const root = await mkdtemp(path.join(os.tmpdir(), "nr-bench-schema-init-"));
await chmod(root, 0o755);
const port = await findFreePort();
const options = { dataDir: path.join(root, "data"), port };
let server = await startEmbeddedPostgres(options);
const base = server.url;
const rows = [];
try {
  // (a) no-op vs floor, interleaved so load changes hit both alike.
  const upToDate = dbUrl(base, "bench_noop");
  await admin(base, "CREATE DATABASE bench_noop");
  await timeProcess(process.execPath, [CLI, "up"], { DATABASE_URL: upToDate, ADMIN_PASSWORD: "bench-admin-password" });
  const floor = [];
  const noop = [];
  for (let i = 0; i < RUNS; i++) {
    floor.push((await timeProcess(process.execPath, [FLOOR], { DATABASE_URL: upToDate })).elapsed);
    noop.push((await timeProcess(process.execPath, [CLI, "up"], { DATABASE_URL: upToDate })).elapsed);
  }
  rows.push(["(a) no-op run, up-to-date database", median(noop), "node + pg connect + 1 query", median(floor), 1.5]);

  // (b) first apply: schema-init's migrate phase vs psql -1 -f of the same SQL (both on fresh empty databases).
  const sqlFiles = execFileSync("find", [migrationsDir, "-name", "migration.sql"]).toString().trim().split("\n").sort();
  const psqlTimes = [];
  const applyTimes = [];
  const processTimes = [];
  // As many runs as (a): psql alone varies 90-200 ms here, so a median of few runs swings the ratio.
  for (let i = 0; i < RUNS; i++) {
    await admin(base, `CREATE DATABASE bench_psql_${i}`);
    psqlTimes.push((await timeProcess(PSQL, ["-q", "-X", "-v", "ON_ERROR_STOP=1", "-1", ...sqlFiles.flatMap((f) => ["-f", f]), dbUrl(base, `bench_psql_${i}`)], {})).elapsed);
    await admin(base, `CREATE DATABASE bench_apply_${i}`);
    const run = await timeProcess(process.execPath, [CLI, "up", "--json", "--no-seed"], { DATABASE_URL: dbUrl(base, `bench_apply_${i}`) });
    applyTimes.push(JSON.parse(run.stdout).phasesMs.migrate);
    processTimes.push(run.elapsed);
  }
  rows.push(["(b) first apply (migrate phase)", median(applyTimes), "psql -1 -f (whole process)", median(psqlTimes), 2]);
  rows.push(["    same, whole schema-init process", median(processTimes), "psql -1 -f (whole process)", median(psqlTimes), null]);

  // (c) start schema-init while the server is down; measure from the moment the server accepts connections.
  const delays = [];
  for (let i = 0; i < 3; i++) {
    await server.stop();
    const run = timeProcess(process.execPath, [CLI, "up", "--wait-timeout", "60000"], { DATABASE_URL: upToDate });
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
    const { endedAt } = await run;
    delays.push(endedAt - acceptedAt);
  }
  rows.push(["(c) server accepts -> schema-init done", median(delays), "target (absolute)", 250, 1]);
} finally {
  await server.stop();
  await rm(root, { recursive: true, force: true });
}

console.log(`\nschema-init benchmarks (median of ${RUNS} runs; embedded PostgreSQL 15 on 127.0.0.1:${port}; node ${process.version})\n`);
console.log("| measurement | schema-init | baseline | baseline | ratio | target | ok |");
console.log("|---|---|---|---|---|---|---|");
let failed = 0;
for (const [name, value, baseName, baseline, target] of rows) {
  const ratio = value / baseline;
  const ok = target === null ? "info" : ratio <= target ? "yes" : "NO";
  if (ok === "NO") failed++;
  console.log(`| ${name} | ${ms(value)} | ${baseName} | ${ms(baseline)} | ${ratio.toFixed(2)}x | ${target === null ? "-" : `<= ${target}x`} | ${ok} |`);
}
console.log("\n(b) compares the migrate phase (engine load + apply, from the run's own phase timings) with a whole psql\nprocess; the whole schema-init process also pays node start-up, the wait/lock/validate phases and the\nwasm engine's load, shown for information. (c) restarts an already-migrated database.");
if (failed) console.log(`\n${failed} target(s) missed.`);
