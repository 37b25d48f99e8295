import type { ForeignKeySpec, IndexSpec, ReferentialAction, TableSpec, TriggerSpec } from "./types.js";

/** Anything that runs a parameterised query: a `pg` Client, Pool or PoolClient. */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** Tables that belong to the migration tooling, not to the schema. */
export const TOOLING_TABLES = new Set(["_prisma_migrations"]);

const ACTIONS: Record<string, ReferentialAction> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

// One round trip per catalog object kind; each query is scoped to the schema.
const TABLES_SQL = `
  SELECT c.relname AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
  ORDER BY c.relname`;

const COLUMNS_SQL = `
  SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
         NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
  ORDER BY c.relname, a.attnum`;

const CONSTRAINTS_SQL = `
  SELECT c.relname AS table, con.conname AS name, con.contype AS kind,
         ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS columns,
         rc.relname AS referenced_table,
         ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS referenced_columns,
         con.confdeltype AS on_delete, con.confupdtype AS on_update
  FROM pg_constraint con
  JOIN pg_class c ON c.oid = con.conrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_class rc ON rc.oid = con.confrelid
  WHERE n.nspname = $1 AND con.contype IN ('p', 'f')
  ORDER BY c.relname, con.conname`;

const INDEXES_SQL = `
  SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique,
         pg_get_indexdef(ix.indexrelid) AS definition, NOT ix.indisvalid AS invalid
  FROM pg_index ix
  JOIN pg_class i ON i.oid = ix.indexrelid
  JOIN pg_class t ON t.oid = ix.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE n.nspname = $1 AND NOT ix.indisprimary
  ORDER BY t.relname, i.relname`;

// User triggers only: every foreign key has internal ones (tgisinternal). 'O' (origin) and 'A' (always) fire in a
// normal session; 'D' never fires and 'R' only in replica mode (session_replication_role = replica), so both count
// as disabled: whatever relies on the trigger would no longer hear of changes.
const TRIGGERS_SQL = `
  SELECT c.relname AS table, tg.tgname AS name, pg_get_triggerdef(tg.oid) AS definition,
         tg.tgenabled IN ('D', 'R') AS disabled
  FROM pg_trigger tg
  JOIN pg_class c ON c.oid = tg.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND NOT tg.tgisinternal
  ORDER BY c.relname, tg.tgname`;

interface ColumnRow {
  table: string;
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
}
interface ConstraintRow {
  table: string;
  name: string;
  kind: "p" | "f";
  columns: string[];
  referenced_table: string | null;
  referenced_columns: string[];
  on_delete: string;
  on_update: string;
}
interface IndexRow {
  table: string;
  name: string;
  unique: boolean;
  definition: string;
  invalid: boolean;
}
interface TriggerRow {
  table: string;
  name: string;
  definition: string;
  disabled: boolean;
}

/**
 * Reads every table, column, key, index and trigger of `schema` from
 * pg_catalog, in the shape of the schema manifest. Read-only; five queries.
 */
export async function introspectSchema(db: Queryable, schema: string): Promise<TableSpec[]> {
  // Sequential: a single pg.Client cannot run queries concurrently.
  const tables = await db.query<{ name: string }>(TABLES_SQL, [schema]);
  const columns = await db.query<ColumnRow>(COLUMNS_SQL, [schema]);
  const constraints = await db.query<ConstraintRow>(CONSTRAINTS_SQL, [schema]);
  const indexes = await db.query<IndexRow>(INDEXES_SQL, [schema]);
  const triggers = await db.query<TriggerRow>(TRIGGERS_SQL, [schema]);
  const byName = new Map<string, TableSpec>();
  for (const { name } of tables.rows) {
    if (TOOLING_TABLES.has(name)) continue;
    byName.set(name, { name, columns: [], primaryKey: null, foreignKeys: [], indexes: [], triggers: [] });
  }
  for (const row of columns.rows) {
    byName.get(row.table)?.columns.push({ name: row.name, type: row.type, nullable: row.nullable, default: row.default });
  }
  for (const row of constraints.rows) {
    const table = byName.get(row.table);
    if (!table) continue;
    if (row.kind === "p") table.primaryKey = { name: row.name, columns: row.columns };
    else table.foreignKeys.push(toForeignKey(row));
  }
  for (const row of indexes.rows) {
    byName.get(row.table)?.indexes.push(toIndex(row, schema));
  }
  for (const row of triggers.rows) {
    byName.get(row.table)?.triggers.push(toTrigger(row, schema));
  }
  return [...byName.values()];
}

function toForeignKey(row: ConstraintRow): ForeignKeySpec {
  return {
    name: row.name,
    columns: row.columns,
    referencedTable: row.referenced_table ?? "",
    referencedColumns: row.referenced_columns,
    onDelete: ACTIONS[row.on_delete] ?? "NO ACTION",
    onUpdate: ACTIONS[row.on_update] ?? "NO ACTION",
  };
}

function toIndex(row: IndexRow, schema: string): IndexSpec {
  return { name: row.name, unique: row.unique, definition: stripSchema(row.definition, schema), ...(row.invalid ? { invalid: true as const } : {}) };
}

function toTrigger(row: TriggerRow, schema: string): TriggerSpec {
  const definition = unqualify(stripSchema(row.definition, schema), "EXECUTE FUNCTION ", schema);
  return { name: row.name, definition, ...(row.disabled ? { disabled: true as const } : {}) };
}

/** Removes `ON <schema>.` from an index or trigger definition so manifests are schema-independent. */
export function stripSchema(definition: string, schema: string): string {
  return unqualify(definition, " ON ", schema);
}

/** Removes the `<schema>.` that follows `keyword`, quoted or not, once. */
function unqualify(definition: string, keyword: string, schema: string): string {
  return definition.replace(`${keyword}${quoteIdent(schema)}.`, keyword).replace(`${keyword}${schema}.`, keyword);
}

/** Quotes an identifier the way PostgreSQL prints it. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}
