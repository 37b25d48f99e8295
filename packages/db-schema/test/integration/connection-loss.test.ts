import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { describe, expect, it } from "vitest";

import { useTestDatabase } from "../../src/testing/index.js";

const database = useTestDatabase();
const dist = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

// pg emits "error" on a client whose server connection dies while no query is
// running on it; with no listener Node throws that from the socket handler and
// the whole process dies. pg-pool listens only while a client is idle, and
// Prisma only once its transaction has started, so a client that is checked
// out and between queries had none: a database restart under load took the
// API down (CI, database-restart.test.ts). It is proved here in a real process
// whose held connection a real pg_terminate_backend ends.
const CHILD = `
import { createDbClient } from ${JSON.stringify(dist)};
const lost = [];
const db = createDbClient({ url: process.env.URL, pool: { max: 2 }, onConnectionLost: (error) => lost.push(error.message) });
const held = await db.pool.connect();
const { rows: [{ pid }] } = await held.query("SELECT pg_backend_pid() AS pid");
await db.pool.query("SELECT pg_terminate_backend($1)", [pid]);
await new Promise((resolve) => setTimeout(resolve, 500));
const next = await held.query("SELECT 1").then(() => "answered", (error) => error.message);
held.release(true);
const after = await db.prisma.$queryRaw\`SELECT 1 AS one\`;
console.log(JSON.stringify({ lost, next, after }));
await db.close();
`;

describe("a pooled connection that the server ends", () => {
  it("does not kill the process while checked out, is reported once, and the pool serves the next query", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", CHILD], { env: { ...process.env, URL: database().url }, timeout: 30_000 });
    const outcome = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { lost: string[]; next: string; after: { one: number }[] };
    expect(outcome.lost).toEqual(["terminating connection due to administrator command"]);
    expect(outcome.next).toMatch(/not queryable/);
    expect(outcome.after).toEqual([{ one: 1 }]);
  });
});
