import { ExecaError } from "execa";
import { describe, expect, it } from "vitest";

import { isBackupError } from "../errors.js";
import { toPgToolError } from "./run-pg-tool.js";

// ExecaError has no public constructor: build one with the fields execa sets.
function execaError(fields: Record<string, unknown>): ExecaError {
  return Object.assign(Object.create(ExecaError.prototype) as ExecaError, { exitCode: 1, signal: undefined, timedOut: false, isCanceled: false, stderr: "", ...fields });
}
const options = { tool: "pg_dump" as const, secrets: ["hunter22"], timeoutMs: 1000 };

describe("toPgToolError", () => {
  it("keeps the exit facts and a redacted stderr", () => {
    const error = toPgToolError(options, execaError({ stderr: 'pg_dump: error: connection to "postgresql://u:hunter22@h/db" failed: hunter22' }));
    expect(isBackupError(error) && error.code).toBe("PG_DUMP_FAILED");
    expect(error.message).toContain("pg_dump failed (exit code 1)");
    expect(error.message).not.toContain("hunter22");
    expect((error as unknown as { context: object }).context).toMatchObject({ tool: "pg_dump", exitCode: 1, timedOut: false });
  });

  it("names a kill, a timeout, a cancel and a full disk", () => {
    expect(toPgToolError(options, execaError({ exitCode: undefined, signal: "SIGKILL" })).message).toContain("killed by SIGKILL");
    expect(toPgToolError(options, execaError({ timedOut: true, signal: "SIGTERM" })).message).toContain("timed out after 1000 ms");
    expect((toPgToolError(options, execaError({ isCanceled: true })) as { code?: string }).code).toBe("ABORTED");
    const full = toPgToolError(options, execaError({ stderr: "pg_dump: error: could not write to output file: No space left on device" }));
    expect((full as { code?: string }).code).toBe("DISK_FULL");
  });
});
