import { setTimeout as delay } from "node:timers/promises";

import { describe, expect, it } from "vitest";

import { useTestApp } from "../helpers/test-app.js";

// A real overload: the event loop is blocked past the shedding threshold, so
// @fastify/under-pressure turns requests away. Every route, including those
// whose own 503 body has more fields (readiness carries `checks`), must answer
// that with a 503 problem, never a 500 from a response schema the shed body
// does not match.
const t = useTestApp({ maxEventLoopDelayMs: 5 });

function blockEventLoop(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy on purpose: this is the overload
  }
}

describe("load shedding", () => {
  it("answers 503 problem+json with Retry-After on every route, never 500", async () => {
    const token = t().adminToken;
    const seen = new Map<string, number>();
    const deadline = Date.now() + 15_000;
    let shed = 0;
    while (shed < 3 && Date.now() < deadline) {
      blockEventLoop(300);
      await delay(50);
      for (const url of ["/readyz", "/livez", "/api/devices"]) {
        const response = await t().call("GET", url, { token });
        seen.set(`${url} ${response.statusCode}`, (seen.get(`${url} ${response.statusCode}`) ?? 0) + 1);
        expect(response.statusCode, `${url}: ${response.body}`).not.toBe(500);
        if (response.statusCode === 503) {
          shed += 1;
          expect(response.headers["content-type"]).toContain("application/problem+json");
          expect(response.headers["retry-after"]).toBeDefined();
        }
      }
    }
    expect(shed, `no request was shed: ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
    expect([...seen.keys()].some((key) => key === "/readyz 503"), JSON.stringify([...seen])).toBe(true);
  });
});
