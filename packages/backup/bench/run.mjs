// pnpm bench (backup): our create, restore and verify against the raw
// PostgreSQL programs with the same options, measured in the same run on the
// same server and database, printed as ratios with their targets.
//   create   createBackup()  vs  pg_dump -Fc -Z1 -f FILE            target <= 1.05x
//   restore  restoreBackup() vs  CREATE DATABASE + pg_restore -e    target <= 1.05x
//   verify   verifyBackup()  vs  our create (full read, no restore) target <= 0.30x
// The database is pgbench's tables at BENCH_PGBENCH_SCALE (default 70, about
// 1 GB). BENCH_RUNS (default 5) runs each, interleaved in pairs; the median
// of the paired ratios counts.
// Server: TEST_DATABASE_URL, else testcontainers, else embedded PostgreSQL.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { startTestServer } from "@netraven/db-schema/testing";
import { createLogger } from "@netraven/runtime";
import { execa } from "execa";
import pg from "pg";

import { connectionEnv, createBackup, findBackup, findPgClient, parseClientVersion, restoreBackup, verifyBackup } from "../dist/index.js";

const SCALE = Number(process.env.BENCH_PGBENCH_SCALE || 70);
const RUNS = Number(process.env.BENCH_RUNS || 5);
const TARGETS = { create: 1.05, restore: 1.05, verify: 0.3 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
// Warnings and errors only, on stderr, so the tables on stdout stay readable.
const quiet = createLogger({ level: "warn" });

async function sql(url, text) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

async function timed(fn) {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

const server = await startTestServer({
  testDatabaseUrl: process.env.TEST_DATABASE_URL || undefined,
  dockerHost: process.env.DOCKER_HOST || undefined,
  onLog: (line) => console.error(`[bench] ${line}`),
});
const work = await mkdtemp(path.join(os.tmpdir(), "nrb-bench-"));
const base = new URL(server.adminUrl);
const urlOf = (db) => Object.assign(new URL(base), { pathname: `/${db}` }).toString();
const source = "nrb_bench_source";
const created = new Set([source]);
let failed = false;

try {
  await sql(server.adminUrl, `DROP DATABASE IF EXISTS ${source}`);
  await sql(server.adminUrl, `CREATE DATABASE ${source}`);
  const [{ num, version }] = await sql(server.adminUrl, "SELECT current_setting('server_version_num')::int AS num, current_setting('server_version') AS version");
  const client = await findPgClient({
    pgBin: process.env.PG_BIN || undefined,
    searchPath: process.env.PATH ?? "",
    minVersion: { num, text: version, major: String(Math.floor(num / 10000)) },
    minVersionOf: "the server",
  });
  const childEnv = { PATH: process.env.PATH ?? "" };
  const pgEnv = (db) => ({ ...childEnv, ...connectionEnv(urlOf(db)) });

  console.error(`[bench] pgbench -i -s ${SCALE} (set BENCH_PGBENCH_SCALE to change) ...`);
  const init = await timed(() => execa(path.join(client.dir, "pgbench"), ["-i", "-q", "-s", String(SCALE)], { env: pgEnv(source), extendEnv: false }));
  await sql(urlOf(source), "CHECKPOINT");
  const [{ size }] = await sql(urlOf(source), `SELECT pg_database_size('${source}')::bigint AS size`);

  const dumpArgs = ["-Z", "1", "--no-password", "--format", "custom"];
  const times = { ours: [], raw: [], restoreOurs: [], restoreRaw: [], verify: [] };
  let archive;
  let id;
  const dir = path.join(work, "backups");
  for (let run = 0; run < RUNS; run++) {
    // Alternate who goes first so cache warm-up and load drift hit both alike.
    const steps = [
      async () => {
        const file = path.join(work, "raw.dump");
        times.raw.push((await timed(() => execa(client.pgDump, [...dumpArgs, "--file", file], { env: pgEnv(source), extendEnv: false }))).ms);
        archive = file;
      },
      async () => {
        await rm(dir, { recursive: true, force: true });
        const result = await timed(() => createBackup({ databaseUrl: urlOf(source), dir, compression: "gzip:1", pgBin: client.dir, childEnv, logger: quiet }));
        times.ours.push(result.ms);
        id = result.value.id;
      },
    ];
    for (const step of run % 2 === 0 ? steps : steps.reverse()) await step();
    times.verify.push((await timed(() => verifyBackup({ dir, id, pgBin: client.dir, childEnv, logger: quiet }))).ms);

    const restoreSteps = [
      async () => {
        const target = `nrb_bench_raw_${run}`;
        created.add(target);
        const { ms } = await timed(async () => {
          await sql(server.adminUrl, `CREATE DATABASE ${target} TEMPLATE template0`);
          await execa(client.pgRestore, ["--exit-on-error", "--no-password", "--dbname", target, archive], { env: pgEnv(target), extendEnv: false });
        });
        times.restoreRaw.push(ms);
        await sql(server.adminUrl, `DROP DATABASE ${target}`);
      },
      async () => {
        const target = `nrb_bench_ours_${run}`;
        created.add(target);
        // validate: false because pgbench's tables are not the NetRaven schema; checksums and ANALYZE still run.
        const { ms } = await timed(() =>
          restoreBackup({ databaseUrl: urlOf(source), dir, id, targetDatabase: target, validate: false, pgBin: client.dir, childEnv, logger: quiet }),
        );
        times.restoreOurs.push(ms);
        await sql(server.adminUrl, `DROP DATABASE ${target}`);
      },
    ];
    for (const step of run % 2 === 0 ? restoreSteps : restoreSteps.reverse()) await step();
    console.error(`[bench] run ${run + 1}/${RUNS} done`);
  }

  // Each run measures ours and the baseline back to back, so the ratio of a
  // pair cancels the load drift of a shared machine; the median pair counts.
  const pairedRatio = (ours, baseline) => median(ours.map((value, i) => value / baseline[i]));
  const rows = [
    ["create (custom, gzip:1) vs pg_dump, same options", times.ours, times.raw, TARGETS.create],
    ["restore vs CREATE DATABASE + pg_restore --exit-on-error", times.restoreOurs, times.restoreRaw, TARGETS.restore],
    ["verify (sha256 + TOC + full read) vs our create", times.verify, times.ours, TARGETS.verify],
  ];
  const pgDumpVersion = parseClientVersion((await execa(client.pgDump, ["--version"])).stdout)?.text;
  const { manifest } = await findBackup(dir, id);
  console.log(`\n@netraven/backup benchmark: server ${server.kind} PostgreSQL ${version}, pg_dump ${pgDumpVersion} (${client.dir})`);
  console.log(
    `database: pgbench scale ${SCALE} (BENCH_PGBENCH_SCALE, default 70) = ${mib(Number(size))}, built in ${seconds(init.ms)}; ` +
      `dump ${mib(manifest.files[0].bytes)}; median of ${RUNS} runs (BENCH_RUNS); ${os.cpus().length} CPUs`,
  );
  if (Number(size) < 1024 ** 3) console.log(`note: the database is under 1 GiB; the issue's targets are defined for >= 1 GiB (scale >= 70)`);
  console.log("\n| measurement | ours (median) | baseline (median) | ratio (median of pairs) | target | result |\n|---|---|---|---|---|---|");
  for (const [name, ours, baseline, target] of rows) {
    const ratio = pairedRatio(ours, baseline);
    const ok = ratio <= target;
    failed ||= !ok;
    console.log(`| ${name} | ${seconds(median(ours))} | ${seconds(median(baseline))} | ${ratio.toFixed(3)}x | <= ${target.toFixed(2)}x | ${ok ? "PASS" : "FAIL"} |`);
  }
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} (other work on the machine makes single runs noisy)`);
  console.log(`\nall runs (ms): ${JSON.stringify(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.map(Math.round)])))}`);
} finally {
  for (const db of created) await sql(server.adminUrl, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
  await server.stop();
}
process.exitCode = failed ? 1 : 0;
