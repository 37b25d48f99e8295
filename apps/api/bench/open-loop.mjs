// Open-loop load: requests start on a fixed schedule (`rate` per second)
// whether or not earlier ones have answered, and each latency is measured
// from the moment its request was due. autocannon's `overallRate` is closed
// loop underneath (a connection waits for its response before the next
// request), so a slow response delays the requests behind it and their wait
// never shows in the latencies (coordinated omission); hence this small loop.
import http from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

function send(agent, url, headers) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      response.resume();
      response.once("end", () => (response.statusCode === 200 ? resolve() : reject(new Error(`status ${response.statusCode}`))));
    });
    request.once("error", reject);
  });
}

/** Sends `rate` requests per second for `seconds`; returns the achieved rate, p50/p99 (ms) and failures. */
export async function openLoop({ url, headers, rate, seconds }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const count = Math.round(rate * seconds);
  const latencies = [];
  let failed = 0;
  const inFlight = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait);
    inFlight.push(send(agent, url, headers).then(() => latencies.push(performance.now() - due), () => failed++));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), failed };
}
