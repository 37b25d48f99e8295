import { isNetravenError } from "@netraven/runtime";
import { ExecaError } from "execa";
import { describe, expect, it } from "vitest";

import { toPgToolError } from "./run-pg-tool.js";

// ExecaError has no public constructor: build one with the fields execa sets.
function execaError(fields: Record<string, unknown>): ExecaError {
  return Object.assign(Object.create(ExecaError.prototype) as ExecaError, { exitCode: 1, signal: undefined, timedOut: false, isCanceled: false, stderr: "", ...fields });
}
const options = { tool: "pg_dump" as const, secrets: ["hunter22"], timeoutMs: 1000 };

describe("toPgToolError", () => {
  it("keeps the exit facts and a redacted stderr", () => {
    const error = toPgToolError(options, execaError({ stderr: 'pg_dump: error: could not write "postgresql://u:hunter22@h/db": hunter22' }));
    expect(isNetravenError(error) && error.code).toBe("PG_DUMP_FAILED");
    expect(error.message).toContain("pg_dump failed (exit code 1)");
    expect(error.message).not.toContain("hunter22");
    expect((error as unknown as { context: object }).context).toMatchObject({ tool: "pg_dump", exitCode: 1, timedOut: false });
  });

  it("names a kill, a timeout, a cancel and a full disk", () => {
    expect(toPgToolError(options, execaError({ exitCode: undefined, signal: "SIGKILL" })).message).toContain("killed by SIGKILL");
    expect(toPgToolError(options, execaError({ timedOut: true, signal: "SIGTERM" })).message).toContain("timed out after 1000 ms");
    expect((toPgToolError(options, execaError({ isCanceled: true })) as { code?: string }).code).toBe("INTERRUPTED");
    const full = toPgToolError(options, execaError({ stderr: "pg_dump: error: could not write to output file: No space left on device" }));
    expect((full as { code?: string }).code).toBe("DISK_FULL");
  });
});

describe("toPgToolError for a program that cannot connect", () => {
  const url = "postgresql://app:hunter22@db.example:5432/netraven";
  const fail = (stderr: string) => toPgToolError({ ...options, databaseUrl: url }, execaError({ stderr })) as Error & { code?: string; exitCode?: number };

  // Lines as pg_dump 15 writes them (captured from real runs).
  it.each([
    ['pg_dump: error: connection to server at "db.example" (10.0.0.5), port 5432 failed: FATAL:  password authentication failed for user "app"', "DB_ACCESS_DENIED", 77, /password authentication failed for user "app" at postgresql:\/\/app:\*\*\*@db\.example:5432\/netraven: check the password in DATABASE_URL/],
    ['pg_dump: error: connection to server at "db.example" (10.0.0.5), port 5432 failed: FATAL:  database "netraven" does not exist', "DB_NOT_FOUND", 66, /database "netraven" does not exist/],
    ['pg_dump: error: connection to server at "db.example" (10.0.0.5), port 5432 failed: FATAL:  role "app" does not exist', "DB_ACCESS_DENIED", 77, /rejected user "app"/],
    ['pg_dump: error: connection to server at "127.0.0.1", port 1 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?', "DB_UNREACHABLE", 69, /connection refused \(ECONNREFUSED\).*BACKUP_WAIT_TIMEOUT_MS/],
    ['pg_dump: error: could not translate host name "db.example" to address: Name or service not known', "DB_UNREACHABLE", 69, /host name not found \(ENOTFOUND\)/],
  ])("%s", (stderr, code, exitCode, message) => {
    const error = fail(stderr);
    expect({ code: error.code, exitCode: error.exitCode }).toEqual({ code, exitCode });
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain("hunter22");
  });

  it("leaves other failures to the program's own error", () => {
    expect(fail("pg_dump: error: query failed: ERROR:  permission denied for table secrets").code).toBe("PG_DUMP_FAILED");
    expect((toPgToolError(options, execaError({ stderr: "pg_dump: error: connection to server at \"h\", port 1 failed: Connection refused" })) as { code?: string }).code).toBe("PG_DUMP_FAILED");
  });
});
