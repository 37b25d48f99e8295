import { describe, expect, it } from "vitest";

import { hasTransactionControl, locate, splitStatements } from "./sql-statements.js";

describe("splitStatements", () => {
  it("keeps semicolons inside strings, identifiers, comments and dollar quotes", () => {
    const sql = `-- a; comment\nCREATE TABLE "x;y" (v text DEFAULT 'a;b');\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n/* c; */ SELECT 2`;
    expect(splitStatements(sql).map((s) => s.text.replace(/\s+/g, " "))).toEqual([
      `-- a; comment CREATE TABLE "x;y" (v text DEFAULT 'a;b')`,
      "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
      "/* c; */ SELECT 2",
    ]);
  });

  it("drops comment-only trailers", () => {
    expect(splitStatements("SELECT 1;\n-- done\n")).toHaveLength(1);
  });
});

describe("hasTransactionControl", () => {
  it("spots COMMIT and BEGIN even after a comment", () => {
    expect(hasTransactionControl("CREATE TABLE a (id int);\n-- step\nCOMMIT;")).toBe(true);
    expect(hasTransactionControl("BEGIN; SELECT 1;")).toBe(true);
  });

  it("does not flag words inside statements", () => {
    expect(hasTransactionControl("ALTER TABLE begin_log ADD COLUMN commit_sha text;")).toBe(false);
  });
});

describe("locate", () => {
  it("finds the statement, line and column of a PostgreSQL error position", () => {
    const sql = "CREATE TABLE a (id int);\nCREATE TABLE b (x nosuchtype);\n";
    const position = sql.indexOf("nosuchtype") + 1;
    const where = locate(sql, position);
    expect(where.statement).toBe("CREATE TABLE b (x nosuchtype)");
    expect(where.line).toBe(2);
    expect(where.column).toBe(19);
    expect(where.excerpt).toBe("CREATE TABLE b (x nosuchtype);\n                  ^");
  });
});
