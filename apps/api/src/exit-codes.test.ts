import { exitCodeRows, SHARED_EXIT_CODE_ROWS } from "@netraven/runtime";
import { describe, expect, it } from "vitest";

import { API_EXIT_CODE_ROWS, apiExitCodeTable } from "./exit-codes.js";

describe("the API's exit codes", () => {
  it("are the shared table plus the API's own rows, none reusing a shared code", () => {
    const rows = exitCodeRows(API_EXIT_CODE_ROWS);
    expect(rows.map((r) => r.code)).toEqual([...SHARED_EXIT_CODE_ROWS.map((r) => r.code), 80].sort((a, b) => a - b));
    expect(apiExitCodeTable()).toContain("80   graceful shutdown overran NETRAVEN_SHUTDOWN_TIMEOUT_MS");
  });
});
