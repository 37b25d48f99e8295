import { describe, expect, inject, it } from "vitest";

import { runAdmin, withDatabase } from "@netraven/db-schema/testing";

import { waitForPostgres } from "../../src/index.js";
import { captureLogger } from "../helpers/capture-logger.js";
import { runCli } from "../helpers/run-cli.js";

// The fault table of issue 11 for schema-init: the same cause gives the same
// exit code and message shape as netraven-backup and the API (the runtime's
// `<program>: error: <message>` on stderr, the versioned error object with --json).
const admin = inject("netravenTestDb").adminUrl;
const SECRET = "fault-s3cret-pw";
const DOWN = `postgresql://netraven:${SECRET}@127.0.0.1:9/netraven`;

interface JsonError {
  version: number;
  ok: false;
  error: { code: string; exitCode: number; message: string; retryable: boolean; context: Record<string, unknown> };
}

function errorLine(stderr: string): string {
  const lines = stderr.split("\n").filter((l) => l.startsWith("schema-init: error: "));
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe("schema-init against the shared fault table", () => {
  it("database down: 69, retryable, one log line per change of state (not one per attempt)", async () => {
    const run = await runCli(["up", "--wait-timeout", "2000", "--json"], { DATABASE_URL: DOWN });
    expect(run.exitCode).toBe(69);
    const result = JSON.parse(run.stdout) as JsonError;
    expect(result).toMatchObject({ version: 1, ok: false, error: { code: "DB_UNREACHABLE", exitCode: 69, retryable: true } });
    expect(result.error.context.attempts).toBeGreaterThanOrEqual(5);
    const waiting = run.stderr.split("\n").filter((l) => /waiting for PostgreSQL/.test(l));
    expect(waiting).toHaveLength(1);
    expect(errorLine(run.stderr)).toMatch(/^schema-init: error: PostgreSQL at postgresql:\/\/netraven:\*\*\*@127\.0\.0\.1:9\/netraven did not accept connections within .* raise SCHEMA_INIT_WAIT_TIMEOUT_MS \(--wait-timeout\)/);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it("a long wait adds a summary at intervals, still not a line per attempt", async () => {
    const logger = captureLogger();
    const failed = await waitForPostgres({ url: DOWN, timeoutMs: 1500, summaryEveryMs: 400, logger }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: "DB_UNREACHABLE", exitCode: 69 });
    const lines = logger.text().trim().split("\n").map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(lines.filter((m) => m.startsWith("waiting for PostgreSQL: "))).toHaveLength(1);
    const summaries = lines.filter((m) => m.startsWith("still waiting for PostgreSQL: "));
    expect(summaries.length).toBeGreaterThanOrEqual(2);
    expect(summaries.length).toBeLessThanOrEqual(4);
    expect(lines.length).toBeLessThan((failed as { context: { attempts: number } }).context.attempts);
  });

  it("wrong password: 77 at once, naming the user, password masked", async () => {
    const role = `nr_fault_${Date.now().toString(36)}`;
    await runAdmin(admin, [`CREATE ROLE ${role} LOGIN PASSWORD 'the-right-password'`]);
    try {
      const url = new URL(withDatabase(admin, "postgres"));
      url.username = role;
      url.password = SECRET;
      const run = await runCli(["status", "--wait-timeout", "30000", "--json"], { DATABASE_URL: url.toString() });
      expect(run.exitCode).toBe(77);
      expect(run.durationMs).toBeLessThan(5000);
      expect(JSON.parse(run.stdout)).toMatchObject({ version: 1, error: { code: "DB_ACCESS_DENIED", exitCode: 77, retryable: false } });
      expect(errorLine(run.stderr)).toContain(`password authentication failed for user "${role}"`);
      expect(run.stderr).toContain("check the password in DATABASE_URL");
      expect(run.stderr).not.toMatch(/waiting for PostgreSQL/);
      expect(run.stdout + run.stderr).not.toContain(SECRET);
    } finally {
      await runAdmin(admin, [`DROP ROLE ${role}`]);
    }
  });

  it("unknown database with creation off: 66 (env and flag)", async () => {
    const url = withDatabase(admin, `nr_no_such_db_${Date.now().toString(36)}`);
    for (const [args, env] of [
      [["up", "--json"], { SCHEMA_INIT_CREATE_DATABASE: "false" }],
      [["up", "--no-create-database", "--json"], {}],
      [["validate", "--json"], {}],
    ] as const) {
      const run = await runCli([...args], { DATABASE_URL: url, ...env });
      expect(run.exitCode).toBe(66);
      expect(JSON.parse(run.stdout)).toMatchObject({ version: 1, error: { code: "DB_NOT_FOUND", exitCode: 66 } });
      expect(errorLine(run.stderr)).toMatch(/database "nr_no_such_db_\w+" does not exist/);
    }
  });

  it("unreachable host (a name that does not resolve): 69 at the short deadline", async () => {
    const run = await runCli(["up", "--wait-timeout", "1000"], { DATABASE_URL: `postgresql://u:${SECRET}@nonexistent-host.invalid:5432/db` });
    expect(run.exitCode).toBe(69);
    expect(errorLine(run.stderr)).toContain("host name not found (ENOTFOUND)");
    expect(run.stderr).not.toContain(SECRET);
  });

  it.each(["bogus://x", "postgresql://", "not a url", `mysql://u:${SECRET}@h/db`])("malformed DATABASE_URL %j: 78 at once, naming the variable and the shape, never the value", async (value) => {
    const run = await runCli(["up", "--json"], { DATABASE_URL: value });
    expect(run.exitCode).toBe(78);
    expect(run.durationMs).toBeLessThan(5000);
    expect(JSON.parse(run.stdout)).toMatchObject({ version: 1, error: { code: "CONFIG_INVALID", exitCode: 78 } });
    expect(run.stderr).toMatch(/^schema-init: error: Invalid configuration:\n {2}- DATABASE_URL: .*postgresql:\/\/USER:/);
    // (the bare scheme is part of the shape the message asks for)
    if (value !== "postgresql://") expect(run.stdout + run.stderr).not.toContain(value);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
    expect(run.stderr).not.toMatch(/waiting for PostgreSQL/);
  });

  it.each([
    ["LOG_LEVEL", "loud", "must be one of debug, info, warn, error"],
    ["LOG_FORMAT", "xml", "must be one of text, pretty, json"],
    ["DATABASE_SCHEMA", "App", 'PostgreSQL folds unquoted names to lower case: use "app"'],
    ["SCHEMA_INIT_SEED", "flase", "must be one of true, false, 1, 0, yes, no, on, off"],
    ["SCHEMA_INIT_CREATE_DATABASE", "flase", "must be one of true, false, 1, 0, yes, no, on, off"],
    ["SCHEMA_INIT_WAIT_TIMEOUT_MS", "60s", "must be a non-negative whole number of milliseconds"],
  ])("%s=%s: 78 naming the variable and the accepted spellings", async (variable, value, message) => {
    const run = await runCli(["up"], { DATABASE_URL: DOWN, [variable]: value });
    expect(run.exitCode).toBe(78);
    expect(run.stderr).toContain(`  - ${variable}: ${message}`);
  });

  it("every problem at once", async () => {
    const run = await runCli(["up"], { DATABASE_URL: "bogus://x", LOG_LEVEL: "loud", SCHEMA_INIT_SEED: "flase", DATABASE_SCHEMA: "App" });
    expect(run.exitCode).toBe(78);
    for (const variable of ["DATABASE_URL", "LOG_LEVEL", "SCHEMA_INIT_SEED", "DATABASE_SCHEMA"]) expect(run.stderr).toContain(`  - ${variable}: `);
  });

  it("LOG_LEVEL=warn and LOG_FORMAT=pretty are valid; pretty is plain when not on a terminal", async () => {
    const quiet = await runCli(["up", "--wait-timeout", "300"], { DATABASE_URL: DOWN, LOG_LEVEL: "warn" });
    expect(quiet.exitCode).toBe(69);
    expect(quiet.stderr).not.toMatch(/waiting for PostgreSQL/);
    const pretty = await runCli(["up", "--wait-timeout", "300"], { DATABASE_URL: DOWN, LOG_FORMAT: "pretty" });
    expect(pretty.exitCode).toBe(69);
    expect(pretty.stderr).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}waiting for PostgreSQL/m);
    expect(pretty.stderr).not.toContain("\u001B[");
    const forced = await runCli(["up", "--wait-timeout", "300"], { DATABASE_URL: DOWN, LOG_FORMAT: "pretty", FORCE_COLOR: "1" });
    expect(forced.stderr).toContain("\u001B[");
  });

  it("an unknown command: 64, one short line pointing at --help (and the JSON error with --json)", async () => {
    const run = await runCli(["frobnicate"], {});
    expect(run.exitCode).toBe(64);
    expect(run.stderr.trim()).toBe("schema-init: unknown command 'frobnicate'. Run 'schema-init --help' for usage.");
    expect(run.stdout).toBe("");
    const json = await runCli(["frobnicate", "--json"], {});
    expect(json.exitCode).toBe(64);
    expect(JSON.parse(json.stdout)).toEqual({ version: 1, ok: false, error: { code: "USAGE", exitCode: 64, message: "unknown command 'frobnicate'", retryable: false, context: {} } });
  });

  it("--version prints the package version", async () => {
    const run = await runCli(["--version"], {});
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
