import { describe, expect, it } from "vitest";

import { backoffDelay, retryUntil, sleep } from "./backoff.js";
import { InterruptedError, isNetravenError } from "./errors.js";
import type { Logger } from "./logger.js";
import { createWaitReporter } from "./wait-reporter.js";

describe("backoffDelay", () => {
  it("grows exponentially up to the cap (deterministic upper bound)", () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, { initialMs: 100, maxMs: 1000, random: top }))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it("jitters over the whole step (full jitter), never below 1 ms", () => {
    expect(backoffDelay(3, { initialMs: 100, random: () => 0.5 })).toBe(200);
    expect(backoffDelay(3, { initialMs: 100, random: () => 0 })).toBe(1);
  });
});

describe("sleep", () => {
  it("rejects with an InterruptedError when aborted", async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error("SIGTERM"));
    await expect(pending).rejects.toBeInstanceOf(InterruptedError);
  });
});

function recordingLogger() {
  const lines: string[] = [];
  const logger: Logger = { debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m), child: () => logger };
  return { lines, logger };
}

describe("retryUntil", () => {
  // A fake clock that advances by each pause; the real pauses are 1 ms.
  function clock() {
    let t = 0;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  }

  it("retries transient failures and returns the value", async () => {
    let calls = 0;
    const value = await retryUntil(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error("refused");
        return "up";
      },
      { deadlineMs: 10_000, classify: () => "retry", backoff: { initialMs: 1, maxMs: 1 } },
    );
    expect([value, calls]).toEqual(["up", 3]);
  });

  it("rethrows at once what classify calls fail", async () => {
    let calls = 0;
    const failing = retryUntil(async () => {
      calls += 1;
      throw new Error("bad password");
    }, { deadlineMs: 10_000, classify: () => "fail" });
    await expect(failing).rejects.toThrow("bad password");
    expect(calls).toBe(1);
  });

  it("cuts the last pause to the deadline and tries once more there, so the whole deadline is waited", async () => {
    const started = Date.now();
    let calls = 0;
    const failing = retryUntil(
      async () => {
        calls++;
        throw new Error("refused");
      },
      { deadlineMs: 300, classify: () => "retry", backoff: { initialMs: 10_000, maxMs: 10_000, random: () => 1 }, onDeadline: (_e, stats) => new Error(`gave up after ${stats.elapsedMs} ms`) },
    );
    await expect(failing).rejects.toThrow(/gave up after \d+ ms/);
    expect(calls).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(295);
  });

  it("builds the deadline error once an attempt fails at or after the deadline", async () => {
    const c = clock();
    const failing = retryUntil(
      async () => {
        c.advance(400);
        throw new Error("refused");
      },
      { deadlineMs: 1000, classify: () => "retry", backoff: { initialMs: 1, maxMs: 1 }, now: c.now, onDeadline: (e, stats) => new Error(`gave up after ${stats.attempts}: ${(e as Error).message}`) },
    );
    await expect(failing).rejects.toThrow("gave up after 3: refused");
  });

  it("stops with an InterruptedError when the signal aborts", async () => {
    const controller = new AbortController();
    const failing = retryUntil(async () => {
      throw new Error("refused");
    }, { deadlineMs: 60_000, signal: controller.signal, classify: () => "retry", backoff: { initialMs: 5_000, maxMs: 5_000, random: () => 1 } });
    setTimeout(() => controller.abort(), 20);
    const error = await failing.catch((e: unknown) => e);
    expect(isNetravenError(error) && error.exitCode).toBe(130);
  });
});

describe("createWaitReporter", () => {
  it("50 failed attempts with the same error in 30 s produce at most 3 lines, plus one on recovery", () => {
    let t = 0;
    const { lines, logger } = recordingLogger();
    const reporter = createWaitReporter(logger, { what: "PostgreSQL", now: () => t });
    for (let i = 0; i < 50; i++) {
      reporter.attemptFailed("connection refused (ECONNREFUSED)");
      t += 600;
    }
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(lines[0]).toBe("waiting for PostgreSQL: connection refused (ECONNREFUSED)");
    expect(lines[1]).toMatch(/^still waiting for PostgreSQL: \d+ attempts in 1\d s, last error connection refused \(ECONNREFUSED\)$/);
    reporter.succeeded();
    expect(lines.at(-1)).toBe("PostgreSQL is available after 50 failed attempts in 30 s");
  });

  it("logs a line when the reason changes, and nothing when the first attempt succeeds", () => {
    let t = 0;
    const { lines, logger } = recordingLogger();
    const reporter = createWaitReporter(logger, { what: "PostgreSQL", now: () => t });
    reporter.succeeded();
    reporter.attemptFailed("host name not found (ENOTFOUND)");
    t += 100;
    reporter.attemptFailed("host name not found (ENOTFOUND)");
    reporter.attemptFailed("the database system is starting up (SQLSTATE 57P03)");
    expect(lines).toEqual(["waiting for PostgreSQL: host name not found (ENOTFOUND)", "waiting for PostgreSQL: now the database system is starting up (SQLSTATE 57P03)"]);
  });
});
