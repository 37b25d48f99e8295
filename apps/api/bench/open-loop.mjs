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

/** A target on its own keep-alive pool; `send(rate, seconds)` adds its latencies to `latencies`. */
function openLoopTarget({ url, headers }) {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: 256, pipelining: 1 });
  const path = `${target.pathname}${target.search}`;
  const state = { latencies: [], failed: 0, seconds: 0 };
  const one = async (due) => {
    try {
      const { statusCode, body } = await pool.request({ path, method: "GET", headers });
      await body.dump();
      if (statusCode !== 200) throw new Error(`status ${statusCode}`);
      state.latencies.push(performance.now() - due);
    } catch {
      state.failed++;
    }
  };
  return {
    state,
    async send(rate, seconds) {
      const inFlight = [];
      const start = performance.now();
      for (let i = 0; i < Math.round(rate * seconds); i++) {
        const due = start + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait >= 1) await sleep(wait);
        inFlight.push(one(due));
      }
      await Promise.all(inFlight);
      state.seconds += (performance.now() - start) / 1000;
    },
    close: () => pool.close(),
  };
}

function summary({ latencies, failed, seconds }) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { rps: sorted.length / seconds, p50: at(0.5), p99: at(0.99), failed };
}

/** Sends `rate` requests per second for `seconds`; returns the achieved rate, p50/p99 (ms) and failures. */
export async function openLoop({ url, headers, rate, seconds }) {
  const target = openLoopTarget({ url, headers });
  try {
    await target.send(rate, seconds);
    return summary(target.state);
  } finally {
    await target.close();
  }
}

/**
 * The same offered rate on each target in turn, `slices` slices of
 * `seconds / slices` each (order alternating: AB, BA, ...; short slices, so that
 * one stall of the host rarely falls on one side only), after an unmeasured
 * `warmupSeconds` on each. Run one after the other for 8 s each, the API and the
 * baseline met different minutes of the shared host: a burst of other work on
 * it fell on one of them only, and an 8 s p99 is the worst stall in it (runs
 * where the baseline's p99 was 2.5x the API's and the other way round, minutes
 * apart). Interleaved, both meet the host's background in equal shares.
 */
export async function openLoopInterleaved({ targets, rate, seconds, slices, warmupSeconds }) {
  const loops = targets.map(openLoopTarget);
  try {
    for (const loop of loops) {
      await loop.send(rate, warmupSeconds);
      Object.assign(loop.state, { latencies: [], failed: 0, seconds: 0 });
    }
    for (let slice = 0; slice < slices; slice++) {
      const order = slice % 2 === 0 ? loops : [...loops].reverse();
      for (const loop of order) await loop.send(rate, seconds / slices);
    }
    return loops.map((loop) => summary(loop.state));
  } finally {
    await Promise.all(loops.map((loop) => loop.close()));
  }
}
