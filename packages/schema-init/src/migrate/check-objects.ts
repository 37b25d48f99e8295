import type { SchemaManifest, TableSpec, TriggerSpec } from "@netraven/db-schema/core";
import { introspectSchema, quoteIdent } from "@netraven/db-schema/core";
import type pg from "pg";

import type { CreatedObject } from "./created-objects.js";

/** The state of one object a migration creates. */
export interface ObjectState {
  object: CreatedObject;
  /** "ok": exists (and matches the manifest where the manifest describes it); "invalid": an INVALID index, a disabled trigger. */
  state: "ok" | "missing" | "invalid" | "differs";
  detail?: string;
}

const INVALID_INDEXES = `
  SELECT i.relname AS name FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
  WHERE n.nspname = $1 AND NOT x.indisvalid`;

// Every kind of constraint (introspection keeps only primary and foreign keys).
const CONSTRAINTS = `
  SELECT t.relname || '.' || c.conname AS name FROM pg_constraint c
  JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE n.nspname = $1`;

const FUNCTIONS = `
  SELECT DISTINCT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = $1`;

/**
 * Looks each object up in the catalog and, when the manifest describes it,
 * compares it with the manifest: an index must also be valid (an interrupted
 * CREATE INDEX CONCURRENTLY leaves an INVALID one behind) and a trigger
 * enabled, and both must have the manifest's definition. A function is
 * looked up by name only.
 */
export async function checkObjects(client: pg.ClientBase, schema: string, objects: CreatedObject[], manifest: SchemaManifest): Promise<ObjectState[]> {
  const actual = new Map((await introspectSchema(client, schema)).map((t) => [t.name, t]));
  const invalid = new Set((await client.query<{ name: string }>(INVALID_INDEXES, [schema])).rows.map((r) => r.name));
  const constraints = new Set((await client.query<{ name: string }>(CONSTRAINTS, [schema])).rows.map((r) => r.name));
  const functions = new Set((await client.query<{ name: string }>(FUNCTIONS, [schema])).rows.map((r) => r.name));
  const expected = new Map(manifest.tables.map((t) => [t.name, t]));
  return objects.map((object): ObjectState => {
    if (object.kind === "table") return { object, state: actual.has(object.name) ? "ok" : "missing" };
    if (object.kind === "function") return { object, state: functions.has(object.name) ? "ok" : "missing" };
    const table = actual.get(object.table);
    if (object.kind === "column") return { object, state: table?.columns.some((c) => c.name === object.name) ? "ok" : "missing" };
    if (object.kind === "constraint") return { object, state: constraints.has(`${object.table}.${object.name}`) ? "ok" : "missing" };
    if (object.kind === "trigger") return checkTrigger(object, table?.triggers.find((t) => t.name === object.name), expected.get(object.table));
    const index = table?.indexes.find((i) => i.name === object.name);
    if (!index) return { object, state: "missing" };
    if (invalid.has(object.name)) return { object, state: "invalid", detail: "it exists but is INVALID (an interrupted CREATE INDEX CONCURRENTLY leaves one)" };
    const want = expected.get(object.table)?.indexes.find((i) => i.name === object.name);
    if (want && want.definition !== index.definition) return { object, state: "differs", detail: `it is ${index.definition}, the manifest expects ${want.definition}` };
    return { object, state: "ok" };
  });
}

function checkTrigger(object: Extract<CreatedObject, { kind: "trigger" }>, trigger: TriggerSpec | undefined, expected: TableSpec | undefined): ObjectState {
  if (!trigger) return { object, state: "missing" };
  const want = expected?.triggers.find((t) => t.name === trigger.name);
  if (want && want.definition !== trigger.definition) return { object, state: "differs", detail: `it is ${trigger.definition}, the manifest expects ${want.definition}` };
  if (trigger.disabled) return { object, state: "invalid", detail: `it exists but is disabled (ALTER TABLE ${quoteIdent(object.table)} ENABLE TRIGGER ${quoteIdent(object.name)} enables it)` };
  return { object, state: "ok" };
}
