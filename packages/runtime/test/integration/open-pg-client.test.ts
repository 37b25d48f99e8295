import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { describe, expect, inject, it } from "vitest";

const adminUrl = inject("runtimeTestAdminUrl");
const dist = fileURLToPath(new URL("../../dist/pg/index.js", import.meta.url));

// A real process whose connection a real pg_terminate_backend ends while it runs no query on it: with no listener
// pg's "error" is thrown from the socket handler and the process dies.
const CHILD = `
import pg from "pg";
import { openPgClient } from ${JSON.stringify(dist)};
const lost = [];
const client = await openPgClient({ connectionString: process.env.URL }, { onLost: (error) => lost.push(error.message) });
const { rows: [{ pid }] } = await client.query("SELECT pg_backend_pid() AS pid");
const killer = new pg.Client({ connectionString: process.env.URL });
await killer.connect();
await killer.query("SELECT pg_terminate_backend($1)", [pid]);
await killer.end();
await new Promise((resolve) => setTimeout(resolve, 500));
const next = await client.query("SELECT 1").then(() => "answered", (error) => error.message);
await client.end().catch(() => undefined);
const refused = await openPgClient({ connectionString: "postgresql://nobody@127.0.0.1:1/none" }).then(() => "connected", (error) => error.code);
console.log(JSON.stringify({ lost, next, refused }));
`;

describe("openPgClient", () => {
  it("survives its connection being ended between queries, reports it once, and rethrows a failed connect", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", CHILD], { env: { ...process.env, URL: adminUrl }, timeout: 30_000, cwd: fileURLToPath(new URL("../..", import.meta.url)) });
    expect(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}")).toEqual({ lost: ["terminating connection due to administrator command"], next: expect.stringMatching(/not queryable/), refused: "ECONNREFUSED" });
  });
});
