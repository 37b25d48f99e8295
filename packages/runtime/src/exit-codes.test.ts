import { describe, expect, it } from "vitest";

import { EXIT_CODES, formatExitCodeMarkdown, formatExitCodeTable, SHARED_EXIT_CODE_ROWS } from "./exit-codes.js";

describe("exit-code table", () => {
  it("holds the sysexits-based shared codes", () => {
    expect(SHARED_EXIT_CODE_ROWS.map((r) => r.code)).toEqual([0, 1, 64, 65, 66, 69, 70, 72, 73, 74, 75, 77, 78, 130]);
    expect(SHARED_EXIT_CODE_ROWS.every((r) => r.meaning.length > 0 && !r.meaning.includes("\n"))).toBe(true);
  });

  it("prints shared and program rows sorted by code", () => {
    const text = formatExitCodeTable([{ code: 10, name: "PENDING", meaning: "status: migrations are pending" }, { code: 80, name: "MIGRATION_FAILED", meaning: "a migration failed" }]);
    const codes = text.split("\n").slice(1).map((line) => Number(line.trim().split(" ")[0]));
    expect(text.split("\n")[0]).toBe("Exit codes:");
    expect(codes).toEqual([0, 1, 10, 64, 65, 66, 69, 70, 72, 73, 74, 75, 77, 78, 80, 130]);
    expect(text).toContain("  10   status: migrations are pending");
    for (const row of SHARED_EXIT_CODE_ROWS) expect(text).toContain(`  ${String(row.code).padEnd(4)} ${row.meaning}`);
  });

  it("refuses a program row that reuses a shared code", () => {
    expect(() => formatExitCodeTable([{ code: EXIT_CODES.CONFIG, name: "MINE", meaning: "x" }])).toThrow(/already CONFIG/);
  });

  it("renders the same rows as Markdown for the docs", () => {
    const md = formatExitCodeMarkdown();
    expect(md.split("\n")).toHaveLength(SHARED_EXIT_CODE_ROWS.length + 2);
    expect(md).toContain("| 75 | `TEMP_FAIL` | temporary failure: a lock is held by another run (retry) |");
  });
});
