import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createTestDatabase, runAdmin, useTestDatabase, withDatabase } from "@netraven/db-schema/testing";
import { formatExitCodeTable } from "@netraven/runtime";
import { findFreePort } from "@netraven/runtime/embedded-postgres";
import { SCHEMA_INIT_LOCK_ID } from "@netraven/schema-init";
import { execa } from "execa";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import packageJson from "../../package.json" with { type: "json" };
import { API_EXIT_CODE_ROWS } from "../../src/exit-codes.js";
import { jsonLogLines, runStart } from "../helpers/start-entry.js";

// The start entry as a real process against the faults every NetRaven program
// must report alike (issue 11): same exit code, `netraven-api: error: ...` on
// stderr, passwords masked, no connection before DATABASE_URL is checked.
const db = useTestDatabase();
let stateDir: string;
const role = { name: `fault_${Date.now().toString(36)}`, password: "right-Pa55word" };

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), "netraven-faults-"));
  await runAdmin(db().adminUrl, [`CREATE ROLE ${role.name} LOGIN PASSWORD '${role.password}'`]);
});
afterAll(async () => {
  await runAdmin(db().adminUrl, [`DROP ROLE IF EXISTS ${role.name}`]).catch(() => undefined);
  await rm(stateDir, { recursive: true, force: true });
});

const env = (extra: Record<string, string>) => ({ NETRAVEN_STATE_DIR: stateDir, PORT: "0", ...extra });
// With LOG_FORMAT=json (these runs' format, production's default) the report is a JSON log line whose msg is the
// `netraven-api: error: ...` text; with text it is that text on stderr, from the error line on.
const errorText = (stderr: string) => {
  const report = jsonLogLines(stderr).find((line) => line.level === "error" && String(line.msg).startsWith("netraven-api: error: "));
  if (report) return String(report.msg);
  const at = stderr.indexOf("netraven-api: error: ");
  return at === -1 ? "" : stderr.slice(at);
};
const errorLine = (stderr: string) => errorText(stderr).split("\n")[0] ?? "";
const waitLines = (stderr: string) => jsonLogLines(stderr).filter((line) => /waiting for PostgreSQL/.test(String(line.msg)));

describe("node dist/start.js: the command line", () => {
  it("--help prints usage, the environment and the shared exit-code table plus the API's rows, and boots nothing", async () => {
    const result = await runStart(env({}), ["--help"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Usage: netraven-api [options]");
    expect(result.stdout).toContain("SCHEMA_INIT_WAIT_TIMEOUT_MS");
    expect(result.stdout).toContain(formatExitCodeTable(API_EXIT_CODE_ROWS));
    expect(result.stderr).toBe("");
  });

  it("--version prints the version only", async () => {
    const result = await runStart(env({}), ["--version"]);
    expect([result.exitCode, result.stdout, result.stderr]).toEqual([0, packageJson.version, ""]);
  });

  it.each([[["serve"]], [["--frobnicate"]], [["--", "up"]]])("%j is a usage error: 64, one short line pointing at --help", async (args) => {
    const result = await runStart(env({}), args);
    expect(result.exitCode).toBe(64);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^netraven-api: .*Run 'netraven-api --help' for usage\.\n?$/);
    expect(result.stdout).toBe("");
  });
});

describe("node dist/start.js: configuration faults (78 at once, before any connection)", () => {
  it("--json through the documented `pnpm -s --filter @netraven/api start -- --json` is one parseable error object", async () => {
    const result = await execa("pnpm", ["-s", "--filter", "@netraven/api", "start", "--", "--json"], {
      cwd: fileURLToPath(new URL("../../", import.meta.url)),
      env: { ...env({}), PATH: process.env.PATH ?? "", LOG_LEVEL: "loud" },
      extendEnv: false,
      reject: false,
    });
    expect(result.exitCode).toBe(78);
    expect(JSON.parse(result.stdout)).toMatchObject({ version: 1, ok: false, error: { code: "CONFIG_INVALID", exitCode: 78, retryable: false, context: { problems: ["LOG_LEVEL: must be one of debug, info, warn, error"] } } });
    expect(errorText(result.stderr)).toContain("netraven-api: error: Invalid configuration:");
  });

  it.each(["bogus://x", "postgresql://", "not a url"])("DATABASE_URL=%j names DATABASE_URL and the shape, never the value", async (url) => {
    const result = await runStart(env({ DATABASE_URL: url }));
    expect(result.exitCode).toBe(78);
    expect(errorLine(result.stderr)).toBe("netraven-api: error: Invalid configuration:");
    expect(errorText(result.stderr)).toMatch(/- DATABASE_URL: is not a valid PostgreSQL URL \(.+\): set it to postgresql:\/\/USER:/);
    if (url !== "postgresql://") expect(result.stderr).not.toContain(url);
    expect(waitLines(result.stderr)).toEqual([]);
  });

  it.each([
    ["LOG_LEVEL", "loud", "must be one of debug, info, warn, error"],
    ["LOG_FORMAT", "xml", "must be one of text, pretty, json"],
    ["DATABASE_SCHEMA", "App", 'PostgreSQL folds unquoted names to lower case: use "app"'],
    ["SKIP_SCHEMA_INIT", "flase", "must be one of true, false, 1, 0, yes, no, on, off"],
    ["SCHEMA_INIT_CREATE_DATABASE", "flase", "must be one of true, false, 1, 0, yes, no, on, off"],
    ["SCHEMA_INIT_WAIT_TIMEOUT_MS", "60s", "must be a non-negative whole number of milliseconds"],
  ])("%s=%s: 78 naming the variable and the accepted spellings", async (name, value, message) => {
    const result = await runStart(env({ DATABASE_URL: db().url, [name]: value }));
    expect(result.exitCode).toBe(78);
    expect(errorText(result.stderr)).toContain(`netraven-api: error: Invalid configuration:\n  - ${name}: ${message}`);
    expect(waitLines(result.stderr)).toEqual([]);
  });
});

describe("node dist/start.js: database faults", () => {
  it("database down: 69 after SCHEMA_INIT_WAIT_TIMEOUT_MS, one log line per change of state (not per attempt), retryable", async () => {
    const url = `postgresql://app:down-Secret1@127.0.0.1:${await findFreePort()}/netraven`;
    const result = await runStart(env({ DATABASE_URL: url, SCHEMA_INIT_WAIT_TIMEOUT_MS: "3000" }), ["--json"]);
    expect(result.exitCode).toBe(69);
    expect(errorLine(result.stderr)).toMatch(/^netraven-api: error: PostgreSQL at postgresql:\/\/app:\*\*\*@127\.0\.0\.1:\d+\/netraven did not accept connections within .* raise SCHEMA_INIT_WAIT_TIMEOUT_MS to wait longer$/);
    const error = (JSON.parse(result.stdout) as { version: number; error: { code: string; retryable: boolean; context: { attempts: number } } });
    expect(error).toMatchObject({ version: 1, error: { code: "DB_UNREACHABLE", exitCode: 69, retryable: true } });
    expect(error.error.context.attempts).toBeGreaterThan(2);
    expect(waitLines(result.stderr).map((line) => line.msg)).toEqual(["waiting for PostgreSQL: connection refused (ECONNREFUSED)"]);
    expect(`${result.stdout}${result.stderr}`).not.toContain("down-Secret1");
  });

  it("unreachable host (a name that does not resolve): 69", async () => {
    const result = await runStart(env({ DATABASE_URL: "postgresql://app:x-Secret1@netraven-db.invalid:5432/netraven", SCHEMA_INIT_WAIT_TIMEOUT_MS: "1000", LOG_FORMAT: "text" }));
    expect(result.exitCode).toBe(69);
    expect(errorLine(result.stderr)).toMatch(/did not accept connections within .*raise SCHEMA_INIT_WAIT_TIMEOUT_MS/);
    expect(result.stderr).toMatch(/^\S+Z INFO waiting for PostgreSQL: /m);
  });

  it("wrong password: 77 at once, naming the user and DATABASE_URL's password, the password masked", async () => {
    const url = withDatabase(db().url.replace(/\/\/[^@]*@/, `//${role.name}:wrong-Pa55word@`), db().name);
    const result = await runStart(env({ DATABASE_URL: url, SCHEMA_INIT_WAIT_TIMEOUT_MS: "60000" }));
    expect(result.exitCode).toBe(77);
    expect(errorLine(result.stderr)).toMatch(new RegExp(`^netraven-api: error: password authentication failed for user "${role.name}" at postgresql://${role.name}:\\*\\*\\*@.*: check the password in DATABASE_URL$`));
    expect(waitLines(result.stderr)).toEqual([]);
    expect(`${result.stdout}${result.stderr}`).not.toContain("wrong-Pa55word");
  });

  it.each([
    ["SCHEMA_INIT_CREATE_DATABASE=false", { SCHEMA_INIT_CREATE_DATABASE: "false" }],
    ["SKIP_SCHEMA_INIT=true", { SKIP_SCHEMA_INIT: "true" }],
  ])("unknown database with %s: 66, saying what to do", async (_name, extra) => {
    const result = await runStart(env({ DATABASE_URL: withDatabase(db().url, "nrt_does_not_exist"), ...extra }));
    expect(result.exitCode).toBe(66);
    expect(errorLine(result.stderr)).toMatch(/^netraven-api: error: database "nrt_does_not_exist" does not exist at postgresql:\/\/.*: create it/);
  });
});

describe("node dist/start.js: schema-init's failures keep their exit codes (the runtime's exitCodeFor, no guessing)", () => {
  it("schema drift (an index dropped by hand): 65", async () => {
    const drifted = await createTestDatabase();
    try {
      const client = new pg.Client({ connectionString: drifted.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' ORDER BY indexname LIMIT 1");
        await client.query(`DROP INDEX "${rows[0]?.indexname ?? "missing"}"`);
      } finally {
        await client.end();
      }
      const result = await runStart(env({ DATABASE_URL: drifted.url }));
      expect(result.exitCode, result.stderr).toBe(65);
      expect(errorLine(result.stderr)).toMatch(/^netraven-api: error: /);
    } finally {
      await drifted.drop();
    }
  });

  it("the schema lock held by another run past SCHEMA_INIT_LOCK_TIMEOUT_MS: 75", async () => {
    const holder = new pg.Client({ connectionString: db().url });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock($1)", [SCHEMA_INIT_LOCK_ID]);
      const result = await runStart(env({ DATABASE_URL: db().url, SCHEMA_INIT_LOCK_TIMEOUT_MS: "1000" }));
      expect(result.exitCode, result.stderr).toBe(75);
      expect(errorLine(result.stderr)).toMatch(/^netraven-api: error: /);
    } finally {
      await holder.end();
    }
  });
});
