import net from "node:net";

import pg from "pg";
import { describe, expect, inject, it } from "vitest";

import { findFreePort } from "../../src/embedded-postgres/index.js";
import type { Logger } from "../../src/index.js";
import { isNetravenError, waitForDatabase } from "../../src/index.js";

const adminUrl = inject("runtimeTestAdminUrl");

function recorder() {
  const lines: string[] = [];
  const logger: Logger = { debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m), child: () => logger };
  return { lines, logger };
}

const connectTo = (url: string) => async ({ remainingMs }: { remainingMs: number }) => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: Math.max(500, Math.min(5000, remainingMs)) });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
};

const withPort = (port: number) => {
  const url = new URL(adminUrl);
  url.port = String(port);
  return url.toString();
};

describe("waitForDatabase against a real server", () => {
  it("a refused port for 1.5 s: exit 69 naming the knob, a few log lines instead of one per attempt", async () => {
    const url = withPort(await findFreePort());
    const { lines, logger } = recorder();
    const error = await waitForDatabase(connectTo(url), { url, deadlineMs: 1500, waitSetting: "SCHEMA_INIT_WAIT_TIMEOUT_MS", logger, summaryEveryMs: 1000, backoff: { initialMs: 10, maxMs: 20 } }).catch((e: unknown) => e);
    expect(isNetravenError(error) && [error.code, error.exitCode, error.context.attempts as number > 20]).toEqual(["DB_UNREACHABLE", 69, true]);
    expect((error as Error).message).toMatch(/within 1\.\d s \(last error: connection refused \(ECONNREFUSED\)\): .*raise SCHEMA_INIT_WAIT_TIMEOUT_MS to wait longer$/);
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(lines[0]).toBe("waiting for PostgreSQL: connection refused (ECONNREFUSED)");
  });

  it("a wrong password fails at once with 77, after one attempt", async () => {
    const url = new URL(adminUrl);
    url.password = "definitely-wrong";
    const { lines, logger } = recorder();
    let attempts = 0;
    const error = await waitForDatabase((info) => {
      attempts += 1;
      return connectTo(url.toString())(info);
    }, { url: url.toString(), deadlineMs: 10_000, waitSetting: "X", logger }).catch((e: unknown) => e);
    expect(isNetravenError(error) && error.exitCode).toBe(77);
    expect([attempts, lines]).toEqual([1, []]);
  });

  it("a server that starts late is used as soon as it listens, with one recovery line", async () => {
    const real = new URL(adminUrl);
    const port = await findFreePort();
    // A TCP forwarder that opens after 600 ms stands for a server that is starting.
    const proxy = net.createServer((socket) => {
      const upstream = net.connect(Number(real.port), real.hostname);
      socket.pipe(upstream).pipe(socket);
      socket.on("error", () => upstream.destroy());
      upstream.on("error", () => socket.destroy());
    });
    setTimeout(() => proxy.listen(port, "127.0.0.1"), 600);
    const url = withPort(port);
    const { lines, logger } = recorder();
    try {
      const client = await waitForDatabase(connectTo(url), { url, deadlineMs: 10_000, waitSetting: "X", logger, backoff: { initialMs: 20, maxMs: 50 } });
      expect((await client.query<{ n: number }>("SELECT 1 AS n")).rows[0]?.n).toBe(1);
      await client.end();
      expect(lines[0]).toBe("waiting for PostgreSQL: connection refused (ECONNREFUSED)");
      expect(lines.at(-1)).toMatch(/^PostgreSQL is available after \d+ failed attempts in 0\.\d s$/);
      expect(lines.length).toBeLessThanOrEqual(3);
    } finally {
      proxy.close();
    }
  });
});
