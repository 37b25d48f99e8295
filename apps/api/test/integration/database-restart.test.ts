import { createDbClient } from "@netraven/db-schema";
import type { DbClient } from "@netraven/db-schema";
import { silentLogger } from "@netraven/runtime";
import { initializeSchema } from "@netraven/schema-init";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createLogger, createServer } from "../../src/index.js";
import { startOwnPostgres } from "../helpers/own-postgres.js";
import type { OwnPostgres } from "../helpers/own-postgres.js";
import { ADMIN_PASSWORD, testServerConfig } from "../helpers/test-app.js";

// A real `pg_ctl restart -m fast` of a PostgreSQL this file owns, under load
// through real HTTP: every answer is a success or a 503 with Retry-After.
let pg: OwnPostgres;
let db: DbClient;
let app: FastifyInstance;
let base: string;
const logs: string[] = [];

beforeAll(async () => {
  pg = await startOwnPostgres();
  await initializeSchema({ databaseUrl: pg.url, adminPassword: ADMIN_PASSWORD, logger: silentLogger });
  db = createDbClient({ url: pg.url, pool: { max: 5, connectionTimeoutMs: 1000 } });
  app = await createServer({ db, config: testServerConfig(), logger: createLogger({ level: "info", destination: { write: (line: string) => void logs.push(line) } }) });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
  await pg?.stop();
});

describe("a database restart under load", () => {
  it("answers only successes and 503 with Retry-After, never 500, and recovers", async () => {
    const login = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}`, "content-type": "application/json" };
    const statuses = new Map<number, number>();
    const bad: string[] = [];
    let stop = false;
    let n = 0;
    const requests: (() => Promise<Response>)[] = [
      () => fetch(`${base}/api/devices`, { headers }),
      () => fetch(`${base}/api/auth/me`, { headers }),
      () => fetch(`${base}/api/tags`, { method: "POST", headers, body: JSON.stringify({ name: `t${n++}` }) }),
      () => fetch(`${base}/api/admin-settings`, { headers }),
    ];
    const worker = async (i: number) => {
      while (!stop) {
        const response = await requests[i % requests.length]!();
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500 && (response.status !== 503 || !response.headers.get("retry-after"))) bad.push(`${response.status} ${response.headers.get("content-type")}`);
      }
    };
    const workers = Array.from({ length: 8 }, (_v, i) => worker(i));
    await new Promise((resolve) => setTimeout(resolve, 700));
    await pg.restart();
    // Keep the load on while the pool finds its way back.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    stop = true;
    await Promise.all(workers);
    expect(bad, JSON.stringify(Object.fromEntries(statuses))).toEqual([]);
    expect(statuses.get(503) ?? 0, "the restart was seen").toBeGreaterThan(0);
    expect([...statuses.keys()].every((status) => [200, 201, 503].includes(status)), JSON.stringify(Object.fromEntries(statuses))).toBe(true);
    expect((await fetch(`${base}/api/devices`, { headers })).status).toBe(200);
    expect(logs.join("")).not.toContain('"level":"error"');
  }, 90_000);
});
