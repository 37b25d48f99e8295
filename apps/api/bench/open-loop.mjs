// Open-loop load: requests start on a fixed schedule (`rate` per second)
// whether or not earlier ones have answered, and each latency is measured
// from the moment its request was due. autocannon's `overallRate` is closed
// loop underneath (a connection waits for its response before the next
// request), so a slow response delays the requests behind it and their wait
// never shows in the latencies (coordinated omission); hence this small loop
// over an undici pool with as many connections as requests in flight need.
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

import { Pool } from "undici";

/** Sends `rate` requests per second for `seconds`; returns the achieved rate, p50/p99 (ms) and failures. */
export async function openLoop({ url, headers, rate, seconds }) {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: 256, pipelining: 1 });
  const path = `${target.pathname}${target.search}`;
  const count = Math.round(rate * seconds);
  const latencies = [];
  let failed = 0;
  const send = async (due) => {
    try {
      const { statusCode, body } = await pool.request({ path, method: "GET", headers });
      await body.dump();
      if (statusCode !== 200) throw new Error(`status ${statusCode}`);
      latencies.push(performance.now() - due);
    } catch {
      failed++;
    }
  };
  const inFlight = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait);
    inFlight.push(send(due));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), failed };
}
