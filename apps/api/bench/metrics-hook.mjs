// The cost of the request metrics (one onResponse hook, apps/api/src/monitoring/metrics/http-metrics.ts):
// the same API with the monitoring listener on and off, each in its own process, GET /livez (the cheapest
// route, so the hook's share is the largest), closed loop, alternating rounds. Prints the best throughput of
// each and each server's CPU time per request (user + system from /proc/<pid>/stat, which other load on a
// shared host moves far less than the rates). Target: CPU per request with metrics ≤ 1.05× without.
// Run: pnpm --filter @netraven/api build && node apps/api/bench/metrics-hook.mjs
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { createDbClient } from "@netraven/db-schema";
import autocannon from "autocannon";

const [mode] = process.argv.slice(2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);

if (mode === "on" || mode === "off") {
  const { createLogger, createServer, parseKeyring } = await import("../dist/index.js");
  // /livez never queries: the pool is created but never connects.
  const db = createDbClient({ url: "postgresql://bench@127.0.0.1:1/none" });
  const app = await createServer({
    db,
    logger: createLogger({ level: "warn" }),
    config: {
      production: true,
      jwt: { secret: randomBytes(48).toString("base64"), ttlSeconds: 3600 },
      keyring: parseKeyring(`bench:${randomBytes(32).toString("base64")}`),
      rateLimit: { max: 100_000_000, loginMax: 1000, windowMs: 60_000 },
      trustProxy: false,
      databaseSchema: "public",
      readinessCacheMs: 5000,
      userCacheTtlMs: 10_000,
      maxEventLoopDelayMs: 1000,
      ...(mode === "on" ? { monitoring: { host: "127.0.0.1", port: 0, backupMaxAgeSeconds: 93_600, cacheMs: 30_000 } } : {}),
    },
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  process.stdout.write(`${JSON.stringify({ port: app.server.address().port, metrics: app.monitoringUrl })}\n`);
  process.on("SIGTERM", () => void app.close().then(() => db.close()).then(() => process.exit(0)));
} else {
  const start = (which) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [fileURLToPath(import.meta.url), which], { stdio: ["ignore", "pipe", "inherit"] });
      child.stdout.once("data", (line) => {
        const { port, metrics } = JSON.parse(String(line));
        resolve({ child, url: `http://127.0.0.1:${port}/livez`, metrics });
      });
      child.once("exit", (code) => reject(new Error(`${which} server exited ${code}`)));
    });
  const on = await start("on");
  const off = await start("off");
  // utime + stime in clock ticks (fields 14 and 15; 100 per second on Linux).
  const cpuTicks = (pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return Number(fields[11]) + Number(fields[12]);
  };
  const servers = { on, off };
  const totals = { on: { ticks: 0, requests: 0 }, off: { ticks: 0, requests: 0 } };
  const best = { on: 0, off: 0 };
  const measure = async (which, record) => {
    const before = cpuTicks(servers[which].child.pid);
    const result = await autocannon({ url: servers[which].url, connections: 50, duration: DURATION_S });
    if (!record) return;
    totals[which].ticks += cpuTicks(servers[which].child.pid) - before;
    totals[which].requests += result.requests.total;
    best[which] = Math.max(best[which], result.requests.average);
  };
  await measure("on", false);
  await measure("off", false);
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first, so a burst of other work on the host does not fall on one side only.
    for (const which of round % 2 === 0 ? ["on", "off"] : ["off", "on"]) await measure(which, true);
    console.log(`round ${round + 1}: best so far, metrics on ${best.on.toFixed(0)} req/s, off ${best.off.toFixed(0)} req/s`);
  }
  const cpuUs = (which) => (totals[which].ticks * 10_000) / totals[which].requests;
  const ratio = cpuUs("on") / cpuUs("off");
  console.log(`GET /livez throughput with/without request metrics: ${(best.on / best.off).toFixed(3)} (info)`);
  console.log(`CPU per request: ${cpuUs("on").toFixed(1)} µs with, ${cpuUs("off").toFixed(1)} µs without: ratio ${ratio.toFixed(3)} (target <= 1.05) ${ratio <= 1.05 ? "met" : "MISSED"}`);
  // The hook really ran: the "on" server counted what it served.
  const counted = /netraven_http_requests_total\{method="GET",route="\/livez",status="200"\} (\d+)/.exec(await (await fetch(`${on.metrics}/metrics`)).text())?.[1];
  console.log(`requests counted by the metrics hook: ${counted ?? "none (the hook did not run)"}`);
  on.child.kill("SIGTERM");
  off.child.kill("SIGTERM");
}
