import type { TableSpec, TriggerSpec } from "@netraven/db-schema/core";
import { describe, expect, it } from "vitest";

// compareSchema and buildRepairSql on the triggers the API's user cache relies on (migration
// 20261201193000_user_change_notify): what validate reports for each kind, and what its repair SQL does.

import { compareSchema } from "./compare-schema.js";
import { buildRepairSql } from "./repair-sql.js";

const CHANGE: TriggerSpec = { name: "users_notify_change", definition: "CREATE TRIGGER users_notify_change AFTER DELETE OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION netraven_notify_user_change()" };
const TRUNCATE: TriggerSpec = { name: "users_notify_truncate", definition: "CREATE TRIGGER users_notify_truncate AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION netraven_notify_user_change()" };
const table = (triggers: TriggerSpec[]): TableSpec => ({ name: "users", columns: [], primaryKey: null, foreignKeys: [], indexes: [], triggers });
/** TRUNCATE with another timing, and a hand-made trigger the schema does not know. */
const OTHER = { ...TRUNCATE, definition: TRUNCATE.definition.replace("AFTER", "BEFORE") };
const EXTRA: TriggerSpec = { name: "users_audit", definition: "CREATE TRIGGER users_audit AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION audit()" };
const MIGRATIONS = [
  { name: "1_init", sql: "CREATE TABLE users (id int);\n", checksum: "" },
  { name: "2_notify", sql: "-- notify; by hand\nCREATE FUNCTION \"netraven_notify_user_change\"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END; $$;\n", checksum: "" },
];

describe("compareSchema and triggers", () => {
  const expected = [table([CHANGE, TRUNCATE])];

  it("names a missing, a different and a disabled trigger as errors, an extra one as a warning", () => {
    expect(compareSchema(expected, [table([OTHER, EXTRA])])).toEqual([
      expect.objectContaining({ kind: "missing_trigger", severity: "error", table: "users", name: CHANGE.name, expected: CHANGE.definition }),
      expect.objectContaining({ kind: "trigger_differs", severity: "error", name: TRUNCATE.name, expected: TRUNCATE.definition, actual: OTHER.definition }),
      expect.objectContaining({ kind: "extra_trigger", severity: "warning", name: "users_audit" }),
    ]);
    const [disabled] = compareSchema(expected, [table([{ ...CHANGE, disabled: true }, TRUNCATE])]);
    expect(disabled).toMatchObject({ kind: "disabled_trigger", severity: "error", name: CHANGE.name });
    expect(disabled?.message).toContain("go stale; enable it with ALTER TABLE users ENABLE TRIGGER users_notify_change");
  });

  it("finds nothing when the triggers match", () => {
    expect(compareSchema(expected, [table([TRUNCATE, CHANGE])])).toEqual([]);
  });
});

describe("buildRepairSql and triggers", () => {
  const expected = [table([CHANGE, TRUNCATE])];
  const repair = (actual: TableSpec, schema = "public") => buildRepairSql(compareSchema(expected, [actual]), expected, schema, MIGRATIONS);

  it("creates a missing trigger and names the migration whose CREATE FUNCTION to re-run if its function went too", () => {
    const sql = repair(table([TRUNCATE]));
    expect(sql).toBe(
      [
        "BEGIN;",
        "-- the trigger's function netraven_notify_user_change() may also be missing: re-run the CREATE FUNCTION of migration 2_notify",
        `${CHANGE.definition};`,
        "COMMIT;",
        "",
      ].join("\n"),
    );
    expect(buildRepairSql(compareSchema(expected, [table([TRUNCATE])]), expected, "public")).toContain("re-run the CREATE FUNCTION of the migration that created it");
    const both = repair(table([]));
    expect(both.match(/may also be missing/g)).toHaveLength(1);
    expect(both).toContain(`${TRUNCATE.definition};`);
  });

  it("qualifies table and function outside public", () => {
    expect(repair(table([CHANGE]), "app")).toContain(
      "CREATE TRIGGER users_notify_truncate AFTER TRUNCATE ON app.users FOR EACH STATEMENT EXECUTE FUNCTION app.netraven_notify_user_change();",
    );
  });

  it("drops and recreates a different trigger, enables a disabled one, keeps an extra one", () => {
    const sql = repair(table([{ ...CHANGE, disabled: true }, OTHER, EXTRA]));
    expect(sql).toBe(
      [
        "-- kept (a warning, not repaired): trigger users_audit on users is not part of the schema",
        "BEGIN;",
        "ALTER TABLE users ENABLE TRIGGER users_notify_change;",
        "DROP TRIGGER users_notify_truncate ON users;",
        `${TRUNCATE.definition};`,
        "COMMIT;",
        "",
      ].join("\n"),
    );
  });

  it("creates a missing table's triggers after the table", () => {
    const sql = buildRepairSql(compareSchema(expected, []), expected, "public");
    expect(sql.indexOf(CHANGE.definition)).toBeGreaterThan(sql.indexOf('CREATE TABLE users ('));
    expect(sql).toContain(`${TRUNCATE.definition};`);
  });
});
