import { describe, expect, it } from "vitest";

import { createTestDatabase, runAdmin } from "@netraven/db-schema/testing";

import { runCli } from "../helpers/run-cli.js";

// A real interrupted build: CREATE UNIQUE INDEX CONCURRENTLY that fails on duplicates leaves an INVALID index
// with the schema's own name and definition. Queries never use it, so validate must not call the database clean.
describe("validate and an INVALID index", () => {
  it("reports it as an error (exit 65) with REINDEX as the repair, and the repair works", async () => {
    const db = await createTestDatabase({ from: "migrated" });
    try {
      await runAdmin(db.url, ["DROP INDEX tags_name_key", "INSERT INTO tags (name) VALUES ('twin'), ('twin')"]);
      await expect(runAdmin(db.url, ["CREATE UNIQUE INDEX CONCURRENTLY tags_name_key ON tags (name)"])).rejects.toThrow(/could not create unique index/);

      const run = await runCli(["validate", "--json"], { DATABASE_URL: db.url });
      const report = JSON.parse(run.stdout) as { ok: boolean; problems: { kind: string; severity: string; name?: string; message: string }[]; repairSql: string };
      expect(run.exitCode).toBe(65);
      expect(report.ok).toBe(false);
      expect(report.problems).toEqual([expect.objectContaining({ kind: "invalid_index", severity: "error", name: "tags_name_key" })]);
      expect(report.problems[0]?.message).toMatch(/INVALID/);
      expect(report.repairSql).toContain("REINDEX INDEX public.tags_name_key;");

      const text = await runCli(["validate"], { DATABASE_URL: db.url });
      expect(text.stdout).toContain("ERROR   index tags_name_key is INVALID");

      await runAdmin(db.url, ["DELETE FROM tags WHERE ctid = (SELECT max(ctid) FROM tags WHERE name = 'twin')", report.repairSql]);
      const repaired = await runCli(["validate"], { DATABASE_URL: db.url });
      expect(repaired.exitCode, repaired.stdout).toBe(0);
    } finally {
      await db.drop();
    }
  });
});
