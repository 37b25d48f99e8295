import { createHash } from "node:crypto";

import { describe, expect, it } from "vitest";

import type { MigrationRow } from "./migration-history.js";
import { planMigrations } from "./plan-migrations.js";

const script = (name: string, sql = `-- ${name}\n`) => ({ name, sql, checksum: createHash("sha256").update(sql).digest("hex") });
const row = (name: string, sql: string, state: Partial<MigrationRow> = {}): MigrationRow => ({
  id: name,
  migrationName: name,
  checksum: createHash("sha256").update(sql).digest("hex"),
  finishedAt: new Date(),
  rolledBackAt: null,
  startedAt: new Date(),
  logs: null,
  ...state,
});

describe("planMigrations", () => {
  const a = script("1_a");
  const b = script("2_b");

  it("treats a database without history as all pending", () => {
    expect(planMigrations([a, b], null)).toMatchObject({ pending: ["1_a", "2_b"], applied: [] });
  });

  it("sorts applied, pending, edited, failed and unknown migrations", () => {
    const plan = planMigrations([a, b, script("3_c")], [
      row("1_a", a.sql),
      row("2_b", "-- something else\n"),
      row("3_c", "", { finishedAt: null }),
      row("0_gone", "x"),
    ]);
    expect(plan).toEqual({ applied: ["1_a"], pending: ["3_c"], edited: ["2_b"], failed: ["3_c"], unknown: ["0_gone"] });
  });

  it("ignores rolled-back rows, so a fixed migration is pending again", () => {
    const plan = planMigrations([a, b], [row("1_a", a.sql), row("2_b", "bad", { finishedAt: null, rolledBackAt: new Date() })]);
    expect(plan).toMatchObject({ applied: ["1_a"], pending: ["2_b"], failed: [] });
  });
});
