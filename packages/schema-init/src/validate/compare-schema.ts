import type { ColumnSpec, TableSpec } from "@netraven/db-schema/core";
import { quoteIdent } from "@netraven/db-schema/core";

import type { SchemaProblem } from "./types.js";

const byName = <T extends { name: string }>(items: T[]) => new Map(items.map((item) => [item.name, item]));

/**
 * Names every difference between the expected tables (manifest) and the
 * actual catalog: missing, extra or different tables, columns, keys, indexes
 * and triggers. Pure; both sides come from the same catalog queries.
 */
export function compareSchema(expected: TableSpec[], actual: TableSpec[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const actualTables = byName(actual);
  for (const want of expected) {
    const have = actualTables.get(want.name);
    if (!have) {
      problems.push({ kind: "missing_table", severity: "error", table: want.name, message: `table ${want.name} is missing` });
      continue;
    }
    compareColumns(want, have, problems);
    compareKeys(want, have, problems);
    compareIndexes(want, have, problems);
    compareTriggers(want, have, problems);
  }
  const expectedNames = new Set(expected.map((t) => t.name));
  for (const extra of actual.filter((t) => !expectedNames.has(t.name))) {
    problems.push({ kind: "extra_table", severity: "warning", table: extra.name, message: `table ${extra.name} is not part of the schema` });
  }
  return problems;
}

function describeColumn(c: ColumnSpec): string {
  return `${c.type}${c.nullable ? "" : " NOT NULL"}${c.default ? ` DEFAULT ${c.default}` : ""}`;
}

function compareColumns(want: TableSpec, have: TableSpec, out: SchemaProblem[]): void {
  const columns = byName(have.columns);
  for (const column of want.columns) {
    const actual = columns.get(column.name);
    const at = { table: want.name, name: column.name };
    if (!actual) {
      out.push({ kind: "missing_column", severity: "error", ...at, expected: describeColumn(column), message: `column ${want.name}.${column.name} is missing` });
      continue;
    }
    if (actual.type !== column.type) {
      out.push({ kind: "column_type", severity: "error", ...at, expected: column.type, actual: actual.type, message: `column ${want.name}.${column.name} is ${actual.type}, expected ${column.type}` });
    }
    if (actual.nullable !== column.nullable) {
      const expected = column.nullable ? "NULL" : "NOT NULL";
      out.push({ kind: "column_nullability", severity: "error", ...at, expected, actual: actual.nullable ? "NULL" : "NOT NULL", message: `column ${want.name}.${column.name} should be ${expected}` });
    }
    if (actual.default !== column.default) {
      out.push({ kind: "column_default", severity: "error", ...at, expected: column.default ?? "(none)", actual: actual.default ?? "(none)", message: `column ${want.name}.${column.name} has default ${actual.default ?? "(none)"}, expected ${column.default ?? "(none)"}` });
    }
  }
  const wanted = new Set(want.columns.map((c) => c.name));
  for (const extra of have.columns.filter((c) => !wanted.has(c.name))) {
    out.push({ kind: "extra_column", severity: "warning", table: want.name, name: extra.name, actual: describeColumn(extra), message: `column ${want.name}.${extra.name} is not part of the schema` });
  }
}

function compareKeys(want: TableSpec, have: TableSpec, out: SchemaProblem[]): void {
  const pk = want.primaryKey;
  if (pk && !have.primaryKey) {
    out.push({ kind: "missing_primary_key", severity: "error", table: want.name, name: pk.name, expected: pk.columns.join(", "), message: `primary key ${pk.name} of ${want.name} is missing` });
  } else if (pk && have.primaryKey && JSON.stringify(pk) !== JSON.stringify(have.primaryKey)) {
    out.push({ kind: "primary_key_differs", severity: "error", table: want.name, name: pk.name, expected: `${pk.name} (${pk.columns.join(", ")})`, actual: `${have.primaryKey.name} (${have.primaryKey.columns.join(", ")})`, message: `primary key of ${want.name} differs` });
  }
  const actualKeys = byName(have.foreignKeys);
  for (const fk of want.foreignKeys) {
    const actual = actualKeys.get(fk.name);
    const text = (k: typeof fk) => `(${k.columns.join(", ")}) -> ${k.referencedTable}(${k.referencedColumns.join(", ")}) ON DELETE ${k.onDelete} ON UPDATE ${k.onUpdate}`;
    if (!actual) {
      out.push({ kind: "missing_foreign_key", severity: "error", table: want.name, name: fk.name, expected: text(fk), message: `foreign key ${fk.name} is missing` });
    } else if (text(actual) !== text(fk)) {
      out.push({ kind: "foreign_key_differs", severity: "error", table: want.name, name: fk.name, expected: text(fk), actual: text(actual), message: `foreign key ${fk.name} differs` });
    }
  }
  const wanted = new Set(want.foreignKeys.map((k) => k.name));
  for (const extra of have.foreignKeys.filter((k) => !wanted.has(k.name))) {
    out.push({ kind: "extra_foreign_key", severity: "warning", table: want.name, name: extra.name, message: `foreign key ${extra.name} is not part of the schema` });
  }
}

function compareIndexes(want: TableSpec, have: TableSpec, out: SchemaProblem[]): void {
  const indexes = byName(have.indexes);
  for (const index of want.indexes) {
    const actual = indexes.get(index.name);
    if (!actual) {
      out.push({ kind: "missing_index", severity: "error", table: want.name, name: index.name, expected: index.definition, message: `index ${index.name} is missing` });
    } else if (actual.definition !== index.definition) {
      out.push({ kind: "index_differs", severity: "error", table: want.name, name: index.name, expected: index.definition, actual: actual.definition, message: `index ${index.name} differs` });
    } else if (actual.invalid) {
      out.push({
        kind: "invalid_index",
        severity: "error",
        table: want.name,
        name: index.name,
        message: `index ${index.name} is INVALID: queries do not use it (an interrupted or failed CREATE INDEX CONCURRENTLY or REINDEX leaves one; a unique one may have met duplicate rows, which must go before the rebuild)`,
      });
    }
  }
  const wanted = new Set(want.indexes.map((i) => i.name));
  for (const extra of have.indexes.filter((i) => !wanted.has(i.name))) {
    out.push({ kind: "extra_index", severity: "warning", table: want.name, name: extra.name, actual: extra.definition, message: `index ${extra.name} is not part of the schema` });
  }
}

function compareTriggers(want: TableSpec, have: TableSpec, out: SchemaProblem[]): void {
  const triggers = byName(have.triggers);
  for (const trigger of want.triggers) {
    const actual = triggers.get(trigger.name);
    const at = { table: want.name, name: trigger.name };
    if (!actual) {
      out.push({ kind: "missing_trigger", severity: "error", ...at, expected: trigger.definition, message: `trigger ${trigger.name} on ${want.name} is missing` });
    } else if (actual.definition !== trigger.definition) {
      out.push({ kind: "trigger_differs", severity: "error", ...at, expected: trigger.definition, actual: actual.definition, message: `trigger ${trigger.name} on ${want.name} differs` });
    } else if (actual.disabled) {
      out.push({
        kind: "disabled_trigger",
        severity: "error",
        ...at,
        message: `trigger ${trigger.name} on ${want.name} is disabled (or fires only in replica mode): it does not fire, so queries and caches relying on it go stale; enable it with ALTER TABLE ${quoteIdent(want.name)} ENABLE TRIGGER ${quoteIdent(trigger.name)}`,
      });
    }
  }
  const wanted = new Set(want.triggers.map((t) => t.name));
  for (const extra of have.triggers.filter((t) => !wanted.has(t.name))) {
    out.push({ kind: "extra_trigger", severity: "warning", table: want.name, name: extra.name, actual: extra.definition, message: `trigger ${extra.name} on ${want.name} is not part of the schema` });
  }
}
