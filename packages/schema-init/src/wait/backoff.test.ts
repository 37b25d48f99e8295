import { describe, expect, it } from "vitest";

import { backoffDelay, sleep } from "./backoff.js";

describe("backoffDelay", () => {
  it("grows exponentially and stays under the cap", () => {
    const top = () => 1; // the largest jitter
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, { initialMs: 100, maxMs: 1000 }, top))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it("jitters between half and all of the step", () => {
    expect(backoffDelay(3, { initialMs: 100 }, () => 0)).toBe(200);
    expect(backoffDelay(3, { initialMs: 100 }, () => 0.5)).toBe(300);
  });
});

describe("sleep", () => {
  it("rejects when aborted", async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
  });
});
