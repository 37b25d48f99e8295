// `pnpm bench`: the API against a bare Fastify + pg baseline running the same
// device SQL (bare-server.mjs), both in their own processes on loopback, in
// one run on one seeded database (seed.mjs, grown in place from size to size).
//
// 1. Throughput (closed loop, 50 connections, best of BENCH_ROUNDS alternating
//    rounds) on the device list and the device by id at the first size:
//    API req/s >= 0.8x the baseline's.
// 2. Latency at a fixed offered rate (open loop, open-loop.mjs), half the
//    baseline's measured peak, each after a warm-up at that rate: API p99 <=
//    1.5x the baseline's p99 at that rate, measured with the two runs
//    interleaved in BENCH_OPEN_SLICES slices, BENCH_OPEN_REPEATS times, the
//    median repetition's ratio being the target (every repetition printed), and
//    printed as well for one run after the other (the earlier form, info).
// 3. Per size (10,000 and 100,000 devices; 1,000,000 with BENCH_SCALE=1m):
//    first page, a page at half depth by cursor, the hostname filter, the tag
//    filter and by id, at BENCH_SIZE_CONNECTIONS (2) closed-loop connections
//    for BENCH_SIZE_DURATION_S (5) each.
//    Targets: each p50 at the largest size <= 2x its p50 at 10,000, the tag
//    filter p50 <= 20 ms, no sequential scan of devices in any list plan
//    (EXPLAIN ANALYZE printed), the API's peak RSS <= 1.5x its RSS at 10,000.
// Env: TEST_DATABASE_URL (else embedded PostgreSQL), BENCH_SCALE (1m adds the
// 1,000,000 size; seeding it takes minutes), BENCH_DURATION_S (8), BENCH_WARMUP_S (2),
// BENCH_ROUNDS (2), BENCH_OPEN_SLICES (32), BENCH_OPEN_REPEATS (5), BENCH_POOL_MAX (10), BENCH_ENFORCE=1 exits 1 on a miss,
// BENCH_ONLY=peak runs steps 1 and 2 only (about five minutes).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import os from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

import { silentLogger } from "@netraven/runtime";
import { initializeSchema } from "@netraven/schema-init";
import autocannon from "autocannon";

import { CursorCodec } from "../dist/index.js";
import { startBenchDatabase } from "./database.mjs";
import { explainDeviceLists } from "./explain.mjs";
import { openLoop, openLoopInterleaved } from "./open-loop.mjs";
import { formatTable, verdict } from "./report.mjs";
import { growDevices, runSql, seedTags } from "./seed.mjs";

const SIZES = process.env.BENCH_SCALE === "1m" ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const OPEN_SLICES = Number(process.env.BENCH_OPEN_SLICES ?? 32);
const OPEN_REPEATS = Number(process.env.BENCH_OPEN_REPEATS ?? 5);
const PEAK_ONLY = process.env.BENCH_ONLY === "peak";
const POOL_MAX = Number(process.env.BENCH_POOL_MAX ?? 10);
const PEAK_CONNECTIONS = 50;
const SIZE_CONNECTIONS = Number(process.env.BENCH_SIZE_CONNECTIONS ?? 2);
const SIZE_DURATION_S = Number(process.env.BENCH_SIZE_DURATION_S ?? 5);
const TARGET = { ratio: 0.8, openP99: 1.5, flat: 2, tagP50Ms: 20, rss: 1.5 };
const ADMIN_PASSWORD = `bench-${randomBytes(12).toString("hex")}`;
const JWT_SECRET = randomBytes(48).toString("base64");
const PLAN_CHECK_FROM = 100_000;
const SERVER = fileURLToPath(new URL("./server.mjs", import.meta.url));
// Filters with a fixed share of the devices at every size: one site's hostnames
// (1%), the devices of one role (10%, the targeted tag filter) and of one site
// (1%, reported without the 20 ms target: walking the hostname order to find
// 50 of them probes about 5,000 tag links per page).
const HOSTNAME_FILTER = "site-42.";
const TAG_FILTER = "role-2";
const RARE_TAG_FILTER = "site-42";
const log = (message) => process.stderr.write(`[bench] ${message}\n`);

async function startServer(mode, env) {
  const child = spawn(process.execPath, [SERVER, mode], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
  return {
    base: `http://127.0.0.1:${JSON.parse(line).port}`,
    /** Peak resident set of the server process so far (VmHWM), in MiB. */
    /** CPU time (user + system) the server process has used so far, in µs; clock ticks are 1/100 s on Linux. */
    cpuMicros: async () => {
      const fields = (await readFile(`/proc/${child.pid}/stat`, "utf8")).split(") ")[1].split(" ");
      return (Number(fields[11]) + Number(fields[12])) * 10_000;
    },
    peakRssMiB: async () => Number(/VmHWM:\s+(\d+)/.exec(await readFile(`/proc/${child.pid}/status`, "utf8"))[1]) / 1024,
    stop: () => new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM"))),
  };
}

/**
 * `server`'s CPU per request is printed next to the rates: on a shared host
 * the rate moves with other work, the CPU a request costs the server hardly.
 */
async function closedLoop(server, path, headers, connections, seconds = DURATION_S) {
  const url = `${server.base}${path}`;
  await autocannon({ url, connections, pipelining: 1, duration: WARMUP_S, headers });
  const cpuBefore = await server.cpuMicros();
  const result = await autocannon({ url, connections, pipelining: 1, duration: seconds, headers });
  const cpuPerRequest = ((await server.cpuMicros()) - cpuBefore) / Math.max(1, result.requests.total);
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`${failed} failed requests against ${url}`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuPerRequest };
}

/**
 * An open-loop run after WARMUP_S at the same rate, discarded. Without it the
 * server measured first had sat idle through the other's closed loop (10 s,
 * the pool's idle timeout), so its first requests reconnected to PostgreSQL and
 * re-prepared their statements: all of its slowest 1% fell in the first 250 ms.
 */
async function warmOpenLoop(options) {
  await openLoop({ ...options, seconds: WARMUP_S });
  return openLoop({ ...options, seconds: DURATION_S });
}

/**
 * Logs in as admin. Right after start-up on a busy host the event loop lags
 * past maxEventLoopDelayMs and @fastify/under-pressure sheds the login with
 * 503 + Retry-After, as it should; the bench then waits as told, a few times.
 */
async function logIn(base) {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
    });
    if (response.status !== 503 || attempt === 5) return response;
    log(`login answered 503 (server still starting), retrying in ${response.headers.get("retry-after")} s`);
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get("retry-after") ?? 1) * 1000));
  }
}

const best = (a, b) => (!a || b.rps > a.rps ? b : a);

/** The routes measured at one size; the deep page starts at the device in the middle of the hostname order. */
async function sizeRoutes(url, size, codec) {
  const [{ rows }] = await runSql(url, [`SELECT id, hostname FROM devices ORDER BY hostname OFFSET ${Math.floor(size / 2)} LIMIT 1`]);
  const middle = rows[0];
  const cursor = encodeURIComponent(codec.encode({ sort: "hostname", keys: [middle.hostname], id: middle.id }));
  const after = `afterKey=${encodeURIComponent(middle.hostname)}&afterId=${middle.id}`;
  return [
    { name: "first page", api: "/api/devices?limit=50", bare: "/devices?limit=50", query: {} },
    { name: "half depth (cursor)", api: `/api/devices?limit=50&cursor=${cursor}`, bare: `/devices?limit=50&${after}`, query: { after: { keys: [middle.hostname], id: middle.id } } },
    { name: `hostname=${HOSTNAME_FILTER}`, api: `/api/devices?limit=50&hostname=${HOSTNAME_FILTER}`, bare: `/devices?limit=50&hostname=${HOSTNAME_FILTER}`, query: { hostname: HOSTNAME_FILTER } },
    { name: `tag=${TAG_FILTER}`, api: `/api/devices?limit=50&tag=${TAG_FILTER}`, bare: `/devices?limit=50&tag=${TAG_FILTER}`, query: { tag: [TAG_FILTER] }, tagTarget: true },
    { name: `tag=${RARE_TAG_FILTER} (1%, info)`, api: `/api/devices?limit=50&tag=${RARE_TAG_FILTER}`, bare: `/devices?limit=50&tag=${RARE_TAG_FILTER}`, query: { tag: [RARE_TAG_FILTER] }, info: true },
    { name: "by id", api: `/api/devices/${middle.id}`, bare: `/devices/${middle.id}` },
  ];
}

async function main() {
  const database = await startBenchDatabase();
  const servers = [];
  try {
    await initializeSchema({ databaseUrl: database.url, adminPassword: ADMIN_PASSWORD, logger: silentLogger });
    await seedTags(database.url);
    log(`seeding ${SIZES[0]} devices`);
    await growDevices(database.url, SIZES[0]);
    const env = {
      BENCH_DATABASE_URL: database.url,
      BENCH_JWT_SECRET: JWT_SECRET,
      BENCH_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString("base64")}`,
      BENCH_POOL_MAX: String(POOL_MAX),
    };
    const api = await startServer("api", env);
    servers.push(api);
    const login = await logIn(api.base);
    if (!login.ok) throw new Error(`bench login answered ${login.status}: ${await login.text()}`);
    const { accessToken, user } = await login.json();
    const bare = await startServer("bare", { ...env, BENCH_USER_ID: user.id });
    servers.push(bare);
    const headers = { authorization: `Bearer ${accessToken}` };
    const codec = new CursorCodec(JWT_SECRET, "listDevices");

    // 1 + 2 at the first size.
    const peakRoutes = (await sizeRoutes(database.url, SIZES[0], codec)).filter((r) => r.name === "first page" || r.name === "by id");
    const peak = [];
    for (const route of peakRoutes) {
      const result = { route: route.name };
      for (let round = 1; round <= ROUNDS; round++) {
        log(`peak round ${round}: ${route.name}`);
        result.api = best(result.api, await closedLoop(api, route.api, headers, PEAK_CONNECTIONS));
        result.bare = best(result.bare, await closedLoop(bare, route.bare, headers, PEAK_CONNECTIONS));
      }
      if (route.name === "by id") {
        // Info: the same baseline without its user query, i.e. what the API's HTTP layer costs on its own.
        log(`peak: ${route.name}, bare without the user query (info)`);
        for (let round = 1; round <= ROUNDS; round++) result.plain = best(result.plain, await closedLoop(bare, `/plain${route.bare}`, headers, PEAK_CONNECTIONS));
      }
      const rate = Math.max(1, Math.round(result.bare.rps / 2));
      log(`open loop at ${rate} req/s: ${route.name}`);
      result.openRate = rate;
      result.openApi = await warmOpenLoop({ url: `${api.base}${route.api}`, headers, rate });
      result.openBare = await warmOpenLoop({ url: `${bare.base}${route.bare}`, headers, rate });
      result.mixes = [];
      for (let repeat = 1; repeat <= OPEN_REPEATS; repeat++) {
        log(`open loop at ${rate} req/s, interleaved, ${repeat} of ${OPEN_REPEATS}: ${route.name}`);
        const [apiRun, bareRun] = await openLoopInterleaved({
          targets: [
            { url: `${api.base}${route.api}`, headers },
            { url: `${bare.base}${route.bare}`, headers },
          ],
          rate,
          seconds: DURATION_S,
          slices: OPEN_SLICES,
          warmupSeconds: WARMUP_S,
        });
        result.mixes.push({ api: apiRun, bare: bareRun, ratio: apiRun.p99 / bareRun.p99 });
      }
      peak.push(result);
    }

    // 3 at every size.
    const sizes = [];
    for (const size of PEAK_ONLY ? [] : SIZES) {
      if (size !== SIZES[0]) {
        log(`growing to ${size} devices`);
        await growDevices(database.url, size);
      }
      const routes = await sizeRoutes(database.url, size, codec);
      const rows = [];
      for (const route of routes) {
        log(`${size}: ${route.name}`);
        rows.push({ route: route.name, tagTarget: route.tagTarget === true, info: route.info === true, api: await closedLoop(api, route.api, headers, SIZE_CONNECTIONS, SIZE_DURATION_S), bare: await closedLoop(bare, route.bare, headers, SIZE_CONNECTIONS, SIZE_DURATION_S) });
      }
      const lists = routes.filter((r) => r.query).map((r) => ({ name: r.name, query: { limit: 50, offset: 0, sort: "hostname", ...r.query } }));
      sizes.push({ size, rows, plans: await explainDeviceLists(database.url, lists), apiRssMiB: await api.peakRssMiB(), bareRssMiB: await bare.peakRssMiB() });
    }
    return report(peak, sizes);
  } finally {
    for (const server of servers) await server.stop();
    await database.stop();
  }
}

function report(peak, sizes) {
  const misses = [];
  const check = (ok, what) => {
    if (!ok) misses.push(what);
    return verdict(ok);
  };
  const first = sizes[0];
  const last = sizes.at(-1);
  console.log(`\n@netraven/api bench: node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}, pool ${POOL_MAX}, ${WARMUP_S}s warm-up + ${DURATION_S}s measured`);
  console.log("bare = Fastify + pg running the API's own device read functions (same SQL) and a user query per request, without schemas, JWT, rate limit, load shedding, security headers, zod or mapping, all of which the API owes by contract; the API's reads take their user row from a copy that users triggers' notifications evict (docs/api.md)\n");

  console.log(`1. Throughput, closed loop, ${PEAK_CONNECTIONS} connections, best of ${ROUNDS} rounds, ${SIZES[0]} devices (target API >= ${TARGET.ratio}x bare)`);
  console.log(
    formatTable(
      ["route", "api req/s", "bare req/s", "ratio", "api p50/p99 ms", "bare p50/p99 ms", "server CPU µs/req api / bare (info)", "verdict"],
      peak.map((r) => {
        const ratio = r.api.rps / r.bare.rps;
        const cpu = `${r.api.cpuPerRequest.toFixed(0)} / ${r.bare.cpuPerRequest.toFixed(0)} (${(r.api.cpuPerRequest / r.bare.cpuPerRequest).toFixed(2)}x)`;
        return [r.route, r.api.rps.toFixed(0), r.bare.rps.toFixed(0), ratio.toFixed(2), `${r.api.p50} / ${r.api.p99}`, `${r.bare.p50} / ${r.bare.p99}`, cpu, check(ratio >= TARGET.ratio, `${r.route} throughput ratio`)];
      }),
    ),
  );

  for (const r of peak.filter((p) => p.plain)) {
    const cpu = `${r.api.cpuPerRequest.toFixed(0)} / ${r.plain.cpuPerRequest.toFixed(0)} µs/req`;
    console.log(`   info: ${r.route} against bare without its user query (the API's reads take the user from their NOTIFY-evicted copy): bare ${r.plain.rps.toFixed(0)} req/s, API ${(r.api.rps / r.plain.rps).toFixed(2)}x, server CPU ${cpu}`);
  }

  console.log(`\n2. Open loop at half the bare peak, requests on a fixed schedule, latency from when each was due (target API p99 <= ${TARGET.openP99}x bare p99)`);
  console.log(`   interleaved: API and bare alternate in ${OPEN_SLICES} slices of ${DURATION_S}s in all each, ${OPEN_REPEATS} times; the target is the median repetition's ratio, so one stall of the shared host (which decides an 8 s p99) cannot decide the verdict alone; one after the other: ${DURATION_S}s each (info: each meets a different minute of the host)`);
  const ms = (o) => `${o.p50.toFixed(1)} / ${o.p99.toFixed(1)}`;
  console.log(
    formatTable(
      ["route", "offered req/s", "run", "api req/s", "api p50/p99 ms", "bare req/s", "bare p50/p99 ms", "p99 ratio", "verdict"],
      peak.flatMap((r) => {
        const row = (run, api, bare, target) => {
          const ratio = api.p99 / bare.p99;
          const ok = ratio <= TARGET.openP99 && api.failed === 0 && bare.failed === 0;
          return [r.route, String(r.openRate), run, api.rps.toFixed(0), ms(api), bare.rps.toFixed(0), ms(bare), ratio.toFixed(2), target ? check(ok, `${r.route} open-loop p99`) : `info ${verdict(ok)}`];
        };
        // The median repetition (the upper one of an even count, the worse of the middle two).
        const median = [...r.mixes].sort((a, b) => a.ratio - b.ratio)[Math.floor(r.mixes.length / 2)];
        const failed = r.mixes.reduce((sum, m) => sum + m.api.failed + m.bare.failed, 0);
        return [
          ...r.mixes.map((m, i) => row(`interleaved ${i + 1}`, m.api, m.bare, false)),
          row(`interleaved, median of ${r.mixes.length}`, { ...median.api, failed }, median.bare, true),
          row("one after other", r.openApi, r.openBare, false),
        ];
      }),
    ),
  );
  if (PEAK_ONLY) {
    console.log(misses.length === 0 ? "\nSteps 1 and 2 met (BENCH_ONLY=peak: steps 3 to 5 skipped)." : `\nMissed: ${misses.join("; ")}`);
    return misses.length > 0 && process.env.BENCH_ENFORCE === "1" ? 1 : 0;
  }

  console.log(`\n3. Per size, closed loop, ${SIZE_CONNECTIONS} connections, ${SIZE_DURATION_S}s each (targets: p50 at ${last.size} <= ${TARGET.flat}x p50 at ${first.size}; tag filter p50 <= ${TARGET.tagP50Ms} ms)`);
  for (const { size, rows } of sizes) {
    console.log(`\n${size} devices`);
    console.log(
      formatTable(
        ["route", "api req/s", "api p50/p99 ms", "bare req/s", "bare p50/p99 ms", "ratio", `p50 vs ${first.size}`, "verdict"],
        rows.map((r, i) => {
          const base = first.rows[i].api.p50;
          const growth = r.api.p50 / Math.max(base, 1);
          const flat = size === first.size || r.api.p50 <= TARGET.flat * Math.max(base, 1);
          const tagOk = !r.tagTarget || r.api.p50 <= TARGET.tagP50Ms;
          const result = r.info ? "info" : check(flat && tagOk, `${size}: ${r.route}`);
          return [r.route, r.api.rps.toFixed(0), `${r.api.p50} / ${r.api.p99}`, r.bare.rps.toFixed(0), `${r.bare.p50} / ${r.bare.p99}`, (r.api.rps / r.bare.rps).toFixed(2), `${growth.toFixed(2)}x`, result];
        }),
      ),
    );
  }

  console.log(`\n4. Plans (EXPLAIN ANALYZE of each list statement; target from ${PLAN_CHECK_FROM} devices: no sequential scan of devices; below, a scan is the planner's right choice)`);
  for (const { size, plans } of sizes) {
    const verdictOf = (p) => (size < PLAN_CHECK_FROM ? (p.seqScan ? "seq scan" : "index") : check(!p.seqScan, `${size}: ${p.name} plan scans devices`));
    console.log(`${size} devices: ${plans.map((p) => `${p.name} ${verdictOf(p)}`).join(", ")}`);
  }
  for (const plan of last.plans) console.log(`\n-- ${plan.name}, ${last.size} devices: page, then count\n${plan.plans.join("\n--\n")}`);

  const rssRatio = last.apiRssMiB / first.apiRssMiB;
  console.log(`\n5. Memory: API peak RSS ${sizes.map((s) => `${s.size}: ${s.apiRssMiB.toFixed(0)} MiB`).join(", ")} (bare ${sizes.map((s) => s.bareRssMiB.toFixed(0)).join(" / ")} MiB); ${last.size} vs ${first.size}: ${rssRatio.toFixed(2)}x (target <= ${TARGET.rss}x) ${check(rssRatio <= TARGET.rss, "peak RSS")}`);

  if (last.size < 1_000_000) console.log(`\nThe 1,000,000-device size is opt-in (seeding takes minutes): BENCH_SCALE=1m pnpm --filter @netraven/api bench`);
  console.log(misses.length === 0 ? "\nAll targets met." : `\nMissed: ${misses.join("; ")}`);
  return misses.length > 0 && process.env.BENCH_ENFORCE === "1" ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
