import type { ColumnSpec, ForeignKeySpec, IndexSpec, MigrationScript, TableSpec, TriggerSpec } from "@netraven/db-schema/core";
import { quoteIdent } from "@netraven/db-schema/core";

import { createdObjects, unquote } from "../migrate/created-objects.js";
import type { SchemaProblem } from "./types.js";

const q = quoteIdent;

function columnDefinition(column: ColumnSpec): string {
  return `${q(column.name)} ${column.type}${column.default ? ` DEFAULT ${column.default}` : ""}${column.nullable ? "" : " NOT NULL"}`;
}

function addForeignKey(table: string, fk: ForeignKeySpec): string {
  return `ALTER TABLE ${table} ADD CONSTRAINT ${q(fk.name)} FOREIGN KEY (${fk.columns.map(q).join(", ")}) REFERENCES ${q(fk.referencedTable)} (${fk.referencedColumns.map(q).join(", ")}) ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate};`;
}

function createIndex(schema: string, index: IndexSpec): string {
  // Manifest definitions are schema-free ("... ON users USING ..."); qualify for non-default schemas.
  return `${schema === "public" ? index.definition : index.definition.replace(" ON ", ` ON ${q(schema)}.`)};`;
}

function createTrigger(schema: string, trigger: TriggerSpec): string {
  // Schema-free like an index definition; the migration created the function in the tables' schema, so both are
  // qualified (the SET LOCAL search_path below would find them too, but a statement copied alone would not).
  if (schema === "public") return `${trigger.definition};`;
  return `${trigger.definition.replace(" ON ", ` ON ${q(schema)}.`).replace("EXECUTE FUNCTION ", `EXECUTE FUNCTION ${q(schema)}.`)};`;
}

// DROP FUNCTION ... CASCADE takes the trigger with it, and the manifest holds no function bodies: name the
// migration whose CREATE FUNCTION a person re-runs first.
function functionNote(trigger: TriggerSpec, migrations: MigrationScript[]): string[] {
  const fn = /EXECUTE FUNCTION ("(?:[^"]|"")+"|[^\s(]+)\(/.exec(trigger.definition)?.[1];
  if (!fn) return [];
  const name = unquote(fn);
  const source = migrations.find((m) => createdObjects(m.sql).some((o) => o.kind === "function" && o.name === name));
  return [`-- the trigger's function ${fn}() may also be missing: re-run the CREATE FUNCTION of ${source ? `migration ${source.name}` : "the migration that created it"}`];
}

function createTable(table: TableSpec): string[] {
  const lines = table.columns.map((c) => `  ${columnDefinition(c)}`);
  if (table.primaryKey) lines.push(`  CONSTRAINT ${q(table.primaryKey.name)} PRIMARY KEY (${table.primaryKey.columns.map(q).join(", ")})`);
  return [`CREATE TABLE ${q(table.name)} (\n${lines.join(",\n")}\n);`];
}

/**
 * SQL that would repair the errors, in a transaction: missing and different
 * objects are created or replaced, disabled triggers enabled; foreign keys and
 * triggers come last so the tables and columns they name exist. Extra objects
 * are only warnings (a hand-made index, a column someone added): the SQL never
 * drops or alters them, it names them in comments for a person to decide. ""
 * when there is no error to repair. `migrations` are searched only to name the
 * one that creates a missing trigger's function.
 */
export function buildRepairSql(problems: SchemaProblem[], expected: TableSpec[], schema: string, migrations: MigrationScript[] = []): string {
  if (!problems.some((p) => p.severity === "error")) return "";
  const tables = new Map(expected.map((t) => [t.name, t]));
  const early: string[] = [];
  const late: string[] = [];
  const kept: string[] = [];
  for (const p of problems) {
    const spec = tables.get(p.table);
    const t = q(p.table);
    const column = spec?.columns.find((c) => c.name === p.name);
    const fk = spec?.foreignKeys.find((k) => k.name === p.name);
    const index = spec?.indexes.find((i) => i.name === p.name);
    const trigger = spec?.triggers.find((g) => g.name === p.name);
    switch (p.kind) {
      case "missing_table":
        if (!spec) break;
        early.push(...createTable(spec), ...spec.indexes.map((i) => createIndex(schema, i)));
        late.push(...spec.foreignKeys.map((k) => addForeignKey(t, k)), ...spec.triggers.map((g) => createTrigger(schema, g)));
        break;
      case "missing_column":
        if (column) early.push(`ALTER TABLE ${t} ADD COLUMN ${columnDefinition(column)};`);
        break;
      case "column_type":
        if (column) early.push(`ALTER TABLE ${t} ALTER COLUMN ${q(column.name)} TYPE ${column.type} USING ${q(column.name)}::${column.type};`);
        break;
      case "column_nullability":
        if (column) early.push(`ALTER TABLE ${t} ALTER COLUMN ${q(column.name)} ${column.nullable ? "DROP" : "SET"} NOT NULL;`);
        break;
      case "column_default":
        if (column) early.push(`ALTER TABLE ${t} ALTER COLUMN ${q(column.name)} ${column.default ? `SET DEFAULT ${column.default}` : "DROP DEFAULT"};`);
        break;
      case "missing_primary_key":
      case "primary_key_differs":
        if (!spec?.primaryKey) break;
        if (p.kind === "primary_key_differs") early.push(`ALTER TABLE ${t} DROP CONSTRAINT ${q((p.actual ?? "").split(" ")[0] ?? "")};`);
        early.push(`ALTER TABLE ${t} ADD CONSTRAINT ${q(spec.primaryKey.name)} PRIMARY KEY (${spec.primaryKey.columns.map(q).join(", ")});`);
        break;
      case "foreign_key_differs":
      case "missing_foreign_key":
        if (p.kind === "foreign_key_differs") late.push(`ALTER TABLE ${t} DROP CONSTRAINT ${q(p.name ?? "")};`);
        if (fk) late.push(addForeignKey(t, fk));
        break;
      case "index_differs":
      case "missing_index":
        if (p.kind === "index_differs") early.push(`DROP INDEX ${q(schema)}.${q(p.name ?? "")};`);
        if (index) early.push(createIndex(schema, index));
        break;
      case "invalid_index":
        // Rebuilt in place under its name; it fails again, naming the rows, if a unique index still meets duplicates.
        early.push(`REINDEX INDEX ${q(schema)}.${q(p.name ?? "")};`);
        break;
      case "missing_trigger":
        // Once per function: both triggers of one function go missing together when it was dropped CASCADE.
        if (trigger) late.push(...functionNote(trigger, migrations).filter((line) => !late.includes(line)), createTrigger(schema, trigger));
        break;
      case "trigger_differs":
        late.push(`DROP TRIGGER ${q(p.name ?? "")} ON ${t};`);
        if (trigger) late.push(createTrigger(schema, trigger));
        break;
      case "disabled_trigger":
        late.push(`ALTER TABLE ${t} ENABLE TRIGGER ${q(p.name ?? "")};`);
        break;
      case "extra_trigger":
      case "extra_foreign_key":
      case "extra_index":
      case "extra_column":
      case "extra_table":
        kept.push(`-- kept (a warning, not repaired): ${p.message}`);
        break;
    }
  }
  const setPath = schema === "public" ? [] : [`SET LOCAL search_path TO ${q(schema)};`];
  return [...kept, "BEGIN;", ...setPath, ...early, ...late, "COMMIT;", ""].join("\n");
}
