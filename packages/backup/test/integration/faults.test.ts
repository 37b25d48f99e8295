import { randomBytes } from "node:crypto";

import { runAdmin, useTestDatabase } from "@netraven/db-schema/testing";
import { findFreePort } from "@netraven/runtime/embedded-postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { runPgTool } from "../../src/pg/run-pg-tool.js";
import { memoryLogger, PG_OPTIONS, tempDir } from "../helpers/options.js";
import { runCli } from "../helpers/run-cli.js";

// The faults of the cross-program table (issue 11), against the built bin and
// a real PostgreSQL: the same cause gets the same exit code and message shape
// as schema-init and the API, and waiting logs per change of state.

const database = useTestDatabase();
const role = `nrb_fault_${randomBytes(4).toString("hex")}`;
const password = `pw-${randomBytes(8).toString("hex")}`;
let env: Record<string, string | undefined>;
let freePort: number;

function urlWith(change: (url: URL) => void): string {
  const url = new URL(database().url);
  change(url);
  return url.toString();
}

async function create(databaseUrl: string, extra: Record<string, string> = {}) {
  const started = Date.now();
  const result = await runCli(["create", "--json"], { ...env, DATABASE_URL: databaseUrl, ...extra });
  const json = result.stdout ? (JSON.parse(result.stdout) as { version: number; ok: boolean; error: { code: string; exitCode: number; retryable: boolean; message: string } }) : undefined;
  return { ...result, json, elapsedMs: Date.now() - started };
}

beforeAll(async () => {
  await runAdmin(database().adminUrl, [`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`]);
  env = { BACKUP_DIR: await tempDir(), PG_BIN: PG_OPTIONS.pgBin, BACKUP_WAIT_TIMEOUT_MS: "1500" };
  freePort = await findFreePort();
});
afterAll(async () => {
  await runAdmin(database().adminUrl, [`DROP ROLE IF EXISTS ${role}`]);
});

describe("netraven-backup against the shared faults", () => {
  it("database down: 69 after the wait deadline, retryable, one log line for the whole wait", async () => {
    const result = await create(`postgresql://app:${password}@127.0.0.1:${freePort}/netraven`);
    expect(result.exitCode).toBe(69);
    expect(result.json).toMatchObject({ version: 1, ok: false, error: { code: "DB_UNREACHABLE", exitCode: 69, retryable: true } });
    expect(result.stderr).toMatch(
      new RegExp(`^netraven-backup: error: PostgreSQL at postgresql://app:\\*\\*\\*@127\\.0\\.0\\.1:${freePort}/netraven did not accept connections within [\\d.]+ s \\(last error: connection refused \\(ECONNREFUSED\\)\\).*raise BACKUP_WAIT_TIMEOUT_MS \\(--wait-timeout\\) to wait longer$`, "m"),
    );
    expect(result.stderr.match(/waiting for PostgreSQL/g)).toHaveLength(1);
    // The runner stops once the next pause would cross the deadline, so the wait ends within it.
    expect(result.elapsedMs).toBeLessThan(10_000);
    expect(result.stderr + result.stdout).not.toContain(password);
  });

  it("wrong password: 77 at once, naming the user and DATABASE_URL, password masked", async () => {
    const url = urlWith((u) => {
      u.username = role;
      u.password = "wrong-password";
    });
    const result = await create(url, { BACKUP_WAIT_TIMEOUT_MS: "60000" });
    expect(result.exitCode).toBe(77);
    expect(result.json).toMatchObject({ version: 1, ok: false, error: { code: "DB_ACCESS_DENIED", exitCode: 77, retryable: false } });
    expect(result.stderr).toMatch(new RegExp(`^netraven-backup: error: password authentication failed for user "${role}" at postgresql://${role}:\\*\\*\\*@[^ ]+: check the password in DATABASE_URL$`, "m"));
    expect(result.stderr).not.toMatch(/waiting for PostgreSQL/);
    expect(result.elapsedMs).toBeLessThan(30_000);
    expect(result.stderr + result.stdout).not.toContain("wrong-password");
  });

  it("unknown database: 66, named", async () => {
    const result = await create(urlWith((u) => (u.pathname = "/nrb_no_such_database")));
    expect(result.exitCode).toBe(66);
    expect(result.json).toMatchObject({ error: { code: "DB_NOT_FOUND", exitCode: 66 } });
    expect(result.stderr).toMatch(/^netraven-backup: error: database "nrb_no_such_database" does not exist at postgresql:\/\/[^ ]+: check the database name in DATABASE_URL/m);
  });

  it.each([
    ["a name that does not resolve", "nrb-no-such-host.invalid", /host name not found \(ENOTFOUND\)/],
    ["a non-routable address", "10.255.255.1", /Connection terminated due to connection timeout|timeout/i],
  ])("unreachable host (%s): 69 after the wait deadline", async (_what, host, lastError) => {
    const result = await create(`postgresql://app:${password}@${host}:5432/netraven`);
    expect(result.exitCode).toBe(69);
    expect(result.json).toMatchObject({ error: { code: "DB_UNREACHABLE", exitCode: 69, retryable: true } });
    expect(result.stderr).toMatch(lastError);
    expect(result.elapsedMs).toBeLessThan(15_000);
  });

  it.each(["bogus://x", "postgresql://", "not a url"])("malformed DATABASE_URL %j: 78 at once, naming the variable and the shape, never the value", async (value) => {
    const result = await create(value);
    expect(result.exitCode).toBe(78);
    expect(result.json).toMatchObject({ error: { code: "CONFIG_INVALID", exitCode: 78 } });
    expect(result.stderr).toMatch(/^netraven-backup: error: Invalid configuration:\n {2}- DATABASE_URL: is not a valid PostgreSQL URL \(.*\): set it to postgresql:\/\/USER:/m);
    if (value !== "postgresql://") expect(result.stderr).not.toContain(value);
  });

  it.each([
    ["LOG_LEVEL", "loud", "must be one of debug, info, warn, error"],
    ["LOG_FORMAT", "xml", "must be one of text, pretty, json"],
    ["DATABASE_SCHEMA", "App", 'PostgreSQL folds unquoted names to lower case: use "app"'],
    ["BACKUP_GLOBALS", "flase", "must be one of true, false, 1, 0, yes, no, on, off"],
  ])("%s=%s: 78 naming the variable and the accepted spellings", async (variable, value, message) => {
    const result = await create(database().url, { [variable]: value });
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toContain(`  - ${variable}: ${message}`);
  });

  it("LOG_FORMAT=pretty logs for people, without colour codes when stderr is not a terminal", async () => {
    const result = await create(`postgresql://app:pw@127.0.0.1:${freePort}/netraven`, { LOG_FORMAT: "pretty", BACKUP_WAIT_TIMEOUT_MS: "300" });
    expect(result.exitCode).toBe(69);
    expect(result.stderr).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO  waiting for PostgreSQL: connection refused/m);
    expect(result.stderr).not.toContain("\u001B[");
  });

  it("an unknown command: 64 with one short line pointing at --help", async () => {
    const result = await runCli(["frobnicate"], env);
    expect(result.exitCode).toBe(64);
    expect(result.stderr).toBe("netraven-backup: unknown command 'frobnicate'. Run 'netraven-backup --help' for usage.");
    const json = await runCli(["frobnicate", "--json"], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ version: 1, ok: false, error: { code: "USAGE", exitCode: 64 } });
  });
});

describe("pg_dump's own connect failures", () => {
  // The client programs report libpq text, not SQLSTATEs: real pg_dump runs, classified like our own connects.
  const dump = async (url: string) => {
    const pgDump = `${PG_OPTIONS.pgBin ?? "/usr/lib/postgresql/15/bin"}/pg_dump`;
    const parsed = new URL(url);
    const env = { PATH: process.env.PATH ?? "", PGHOST: parsed.hostname, PGPORT: parsed.port || "5432", PGUSER: decodeURIComponent(parsed.username), PGPASSWORD: decodeURIComponent(parsed.password), PGDATABASE: parsed.pathname.slice(1) };
    return runPgTool({ tool: "pg_dump", file: pgDump, args: ["--schema-only", "--no-password"], env, databaseUrl: url, secrets: [decodeURIComponent(parsed.password)], logger: memoryLogger() }).then(
      () => expect.unreachable(),
      (error: unknown) => error as Error & { code: string; exitCode: number },
    );
  };

  it("wrong password 77, unknown database 66, refused 69", async () => {
    const wrong = await dump(urlWith((u) => ((u.username = role), (u.password = "wrong-password"))));
    expect({ code: wrong.code, exitCode: wrong.exitCode }).toEqual({ code: "DB_ACCESS_DENIED", exitCode: 77 });
    expect(wrong.message).toMatch(new RegExp(`password authentication failed for user "${role}" at .*: check the password in DATABASE_URL`));
    const missing = await dump(urlWith((u) => (u.pathname = "/nrb_no_such_database")));
    expect({ code: missing.code, exitCode: missing.exitCode }).toEqual({ code: "DB_NOT_FOUND", exitCode: 66 });
    const refused = await dump(`postgresql://app:pw@127.0.0.1:${freePort}/netraven`);
    expect({ code: refused.code, exitCode: refused.exitCode }).toEqual({ code: "DB_UNREACHABLE", exitCode: 69 });
    expect(refused.message).toContain("connection refused (ECONNREFUSED)");
  });
});
