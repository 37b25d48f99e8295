import { describe, expect, it } from "vitest";

import { databaseUrlProblem, parseDatabaseUrl } from "./database-url.js";
import { classifyPgConnectError, databaseUnreachableError, describePgError, pgConnectError } from "./pg-connect-errors.js";

// Error shapes as `pg` reports them; the same causes against a real server are in test/integration.
const URL_ = "postgresql://app:hunter2@db:5432/netraven";

describe("classifyPgConnectError", () => {
  it.each([
    [{ code: "ECONNREFUSED" }, "transient"],
    [{ code: "ENOTFOUND" }, "transient"],
    [{ code: "EAI_AGAIN" }, "transient"],
    [{ code: "ETIMEDOUT" }, "transient"],
    [{ code: "EHOSTUNREACH" }, "transient"],
    [{ code: "57P03", message: "the database system is starting up" }, "transient"],
    [{ code: "53300", message: "sorry, too many clients already" }, "transient"],
    [{ code: "57P01" }, "transient"],
    [{ message: "Connection terminated unexpectedly" }, "transient"],
    [{ message: "Connection terminated due to connection timeout" }, "transient"],
    [{ code: "3D000", message: 'database "x" does not exist' }, "missing-database"],
    [{ code: "28P01" }, "permanent"],
    [{ code: "28000", message: 'role "nobody" does not exist' }, "permanent"],
    [{ code: "42501" }, "permanent"],
    [{ message: "The server does not support SSL connections" }, "permanent"],
  ])("%o is %s", (error, kind) => {
    expect(classifyPgConnectError(error)).toBe(kind);
  });
});

describe("pgConnectError: one message shape", () => {
  it.each([
    [{ code: "28P01" }, "DB_ACCESS_DENIED", 77, 'password authentication failed for user "app" at postgresql://app:***@db:5432/netraven: check the password in DATABASE_URL'],
    [{ code: "3D000" }, "DB_NOT_FOUND", 66, 'database "netraven" does not exist at postgresql://app:***@db:5432/netraven: create it, or let schema-init create it (role needs CREATEDB)'],
    [{ code: "28000", message: 'role "app" does not exist' }, "DB_ACCESS_DENIED", 77, 'PostgreSQL at postgresql://app:***@db:5432/netraven rejected user "app" (role "app" does not exist): check the user name in DATABASE_URL and the server\'s pg_hba.conf'],
    [{ message: "The server does not support SSL connections" }, "DB_ACCESS_DENIED", 77, "TLS negotiation with postgresql://app:***@db:5432/netraven failed (The server does not support SSL connections): check sslmode in DATABASE_URL and the server's certificate"],
    [{ code: "42501", message: "permission denied for database netraven" }, "DB_ACCESS_DENIED", 77, 'permission denied for user "app" at postgresql://app:***@db:5432/netraven (permission denied for database netraven): grant the role the needed privilege or use another role'],
  ])("%o", (error, code, exitCode, message) => {
    const typed = pgConnectError(error, { url: URL_ });
    expect({ code: typed.code, exitCode: typed.exitCode, message: typed.message }).toEqual({ code, exitCode, message });
  });

  it("never shows the password, even when the server message quotes the URL", () => {
    const typed = pgConnectError({ message: `weird failure for ${URL_}` }, { url: URL_ });
    expect(typed.message).not.toContain("hunter2");
    expect(JSON.stringify(typed.context)).not.toContain("hunter2");
  });
});

describe("databaseUnreachableError", () => {
  it("names the target, the wait, the last error and the program's knob", () => {
    const error = databaseUnreachableError({ url: URL_, waitedMs: 30_000, attempts: 12, lastError: { code: "ECONNREFUSED", message: "" }, waitSetting: "SCHEMA_INIT_WAIT_TIMEOUT_MS (--wait-timeout)" });
    expect([error.code, error.exitCode, error.retryable]).toEqual(["DB_UNREACHABLE", 69, true]);
    expect(error.message).toBe(
      "PostgreSQL at postgresql://app:***@db:5432/netraven did not accept connections within 30 s (last error: connection refused (ECONNREFUSED)): check that it runs and DATABASE_URL's host and port; raise SCHEMA_INIT_WAIT_TIMEOUT_MS (--wait-timeout) to wait longer",
    );
  });

  it("describes SQLSTATE errors with the server's words", () => {
    expect(describePgError({ code: "57P03", message: "the database system is starting up" })).toBe("the database system is starting up (SQLSTATE 57P03)");
  });
});

describe("parseDatabaseUrl", () => {
  it("returns the display form with the default port and no query", () => {
    expect(parseDatabaseUrl("postgres://app:p%40ss@db/netraven?sslmode=require")).toEqual({ host: "db", port: 5432, database: "netraven", user: "app", hasPassword: true, display: "postgresql://app:***@db:5432/netraven" });
  });

  it("accepts a socket directory in ?host=", () => {
    expect(databaseUrlProblem("postgresql:///netraven?host=/run/postgresql")).toBeUndefined();
  });

  it("throws a ConfigError that names the variable and never echoes the value", () => {
    expect(() => parseDatabaseUrl("postgresql://u:hunter2@h:0/d", "BACKUP_SCRATCH_DATABASE_URL")).toThrow(/^BACKUP_SCRATCH_DATABASE_URL is not a valid PostgreSQL URL \(its port/);
    try {
      parseDatabaseUrl("bogus://u:hunter2@x");
    } catch (error) {
      expect((error as Error).message).not.toContain("hunter2");
      expect((error as { exitCode: number }).exitCode).toBe(78);
    }
  });
});
