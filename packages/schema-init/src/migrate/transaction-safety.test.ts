import { describe, expect, it } from "vitest";

import { createdObjects } from "./created-objects.js";
import { readDirectives } from "./directive.js";
import { findNonTransactional } from "./transaction-safety.js";

describe("findNonTransactional", () => {
  it("names the line of each statement that cannot run in a transaction", () => {
    const sql = "-- CreateIndex\nCREATE TABLE a (id int);\n\n-- builds online\nCREATE UNIQUE INDEX CONCURRENTLY a_idx ON a (id);\nVACUUM a;\nCOMMIT;\n";
    expect(findNonTransactional(sql).map((s) => [s.line, s.statement.split(" ")[0]])).toEqual([
      [5, "CREATE"],
      [6, "VACUUM"],
      [7, "COMMIT"],
    ]);
  });

  it("accepts savepoints, function bodies and SQL-standard bodies whose inner END is not a transaction's", () => {
    const sql = [
      "SAVEPOINT s;",
      "ROLLBACK TO SAVEPOINT s;",
      "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN COMMIT; END $$;",
      "CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;",
      "SELECT 'COMMIT; VACUUM';",
    ].join("\n");
    expect(findNonTransactional(sql)).toEqual([]);
  });
});

describe("findNonTransactional's word filter", () => {
  it("still finds statements in any case and spacing", () => {
    const sql = "create index\n  concurrently i on t (c);\nvacuum\tt;\nBegin;\nalter system set work_mem = '1MB';\n";
    expect(findNonTransactional(sql).map((s) => s.line)).toEqual([1, 3, 4, 5]);
  });

  it("finds nothing in a script without any of the words, such as a typical Prisma migration", () => {
    expect(findNonTransactional('CREATE TABLE "a" ("id" SERIAL NOT NULL, CONSTRAINT "a_pkey" PRIMARY KEY ("id"));\nCREATE INDEX "a_idx" ON "a"("id");\n')).toEqual([]);
  });
});

describe("readDirectives", () => {
  it("reads the directive from the comments above the first statement", () => {
    expect(readDirectives("m", "-- schema-init: no-transaction\nCREATE INDEX CONCURRENTLY i ON t (c);\n")).toEqual({ noTransaction: true });
    expect(readDirectives("m", "-- a comment\n\n--schema-init:   no-transaction\nVACUUM;\n")).toEqual({ noTransaction: true });
    expect(readDirectives("m", "CREATE TABLE t (id int);\n")).toEqual({ noTransaction: false });
  });

  it("refuses an unknown directive and one below the first statement", () => {
    expect(() => readDirectives("m", "-- schema-init: notransaction\n")).toThrow(/Unknown directive .* line 1 of m\/migration.sql/);
    expect(() => readDirectives("m", "SELECT 1;\n-- schema-init: no-transaction\n")).toThrow(/line 2 .* comes after the first statement/);
  });
});

describe("createdObjects", () => {
  it("lists the tables, indexes, columns and constraints a migration creates", () => {
    const sql = [
      'CREATE TABLE IF NOT EXISTS "public"."Reports" (id int, CONSTRAINT inner_pk PRIMARY KEY (id));',
      "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS reports_id_idx ON ONLY public.reports (id);",
      'ALTER TABLE "devices" ADD COLUMN "notes" text, ADD CONSTRAINT devices_notes_check CHECK (length(notes) > 0), ADD UNIQUE (notes);',
    ].join("\n");
    expect(createdObjects(sql)).toEqual([
      { kind: "table", name: "Reports" },
      { kind: "index", name: "reports_id_idx", table: "reports" },
      { kind: "column", table: "devices", name: "notes" },
      { kind: "constraint", table: "devices", name: "devices_notes_check" },
    ]);
  });

  it("lists the functions and triggers a hand-written migration creates (resolve checks them too)", () => {
    const sql = [
      "-- a comment; with a semicolon",
      'CREATE OR REPLACE FUNCTION "public"."Notify"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; RETURN NULL; END; $$;',
      'CREATE TRIGGER "users_notify" AFTER UPDATE OF active ON public.users FOR EACH ROW EXECUTE FUNCTION "Notify"();',
      "create constraint trigger t_check after insert on Devices deferrable for each row execute function f();",
    ].join("\n");
    expect(createdObjects(sql)).toEqual([
      { kind: "function", name: "Notify" },
      { kind: "trigger", name: "users_notify", table: "users" },
      { kind: "trigger", name: "t_check", table: "devices" },
    ]);
  });
});
