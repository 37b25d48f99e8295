import type { Queryable } from "./connect.js";
import { quoteIdent } from "./connect.js";
import type { PgVersion } from "./version.js";
import { versionFromNum } from "./version.js";

/** What the manifest records about the source server and database. */
export interface DatabaseFacts {
  server: PgVersion;
  database: string;
  encoding: string;
  /** Superusers may dump role passwords; others get `--no-role-passwords`. */
  isSuperuser: boolean;
}

/** Reads version, database name, encoding and the role's superuser flag. */
export async function readDatabaseFacts(db: Queryable): Promise<DatabaseFacts> {
  const { rows } = await db.query<{ num: string; version: string; database: string; encoding: string; superuser: boolean }>(
    `SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version,
            current_database() AS database, pg_encoding_to_char(d.encoding) AS encoding,
            COALESCE((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false) AS superuser
       FROM pg_database d WHERE d.datname = current_database()`,
  );
  const row = rows[0]!;
  return { server: versionFromNum(Number(row.num), row.version), database: row.database, encoding: row.encoding, isSuperuser: row.superuser };
}

/** FROM and WHERE of the ordinary tables outside the system schemas. */
const USER_TABLES = `FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`;

/** A table outside the system schemas. */
export interface UserTable {
  schema: string;
  table: string;
}

/** Ordinary tables outside the system schemas, sorted by schema and name. */
export async function listUserTables(db: Queryable): Promise<UserTable[]> {
  const { rows } = await db.query<UserTable>(`SELECT n.nspname AS schema, c.relname AS table ${USER_TABLES} ORDER BY 1, 2`);
  return rows;
}

/** Per user table, keyed by {@link tableKey}: on-disk size (heap and TOAST, what a dump or restore of it moves, roughly) and the planner's row estimate. */
export async function readTableStats(db: Queryable): Promise<{ bytes: Record<string, number>; rows: Record<string, number> }> {
  const { rows } = await db.query<UserTable & { bytes: string; estimate: number }>(
    `SELECT n.nspname AS schema, c.relname AS table, pg_table_size(c.oid) AS bytes, c.reltuples AS estimate ${USER_TABLES}`,
  );
  return {
    bytes: Object.fromEntries(rows.map((r) => [tableKey(r), Number(r.bytes)])),
    // -1: never analyzed; such a table then moves the bar only when it is done.
    rows: Object.fromEntries(rows.filter((r) => r.estimate > 0).map((r) => [tableKey(r), Math.round(r.estimate)])),
  };
}

/** The manifest's key for a table: `schema.table`. */
export function tableKey(t: UserTable): string {
  return `${t.schema}.${t.table}`;
}

/** Exact row counts per table, keyed by {@link tableKey} (run inside the dump's snapshot so they match the dump). */
export async function countRows(db: Queryable, tables: UserTable[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(t.schema)}.${quoteIdent(t.table)}`);
    counts[tableKey(t)] = Number(rows[0]!.n);
  }
  return counts;
}

/** The newest applied Prisma migration, or null when the database has none (or no `_prisma_migrations`). */
export async function readLatestMigration(db: Queryable, schema: string): Promise<string | null> {
  const table = `${quoteIdent(schema)}._prisma_migrations`;
  const { rows: exists } = await db.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [table]);
  if (!exists[0]?.t) return null;
  const { rows } = await db.query<{ name: string }>(
    `SELECT migration_name AS name FROM ${table}
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL
      ORDER BY finished_at DESC, migration_name DESC LIMIT 1`,
  );
  return rows[0]?.name ?? null;
}

/** True when the database holds any relation, type or function outside the system schemas. */
export async function hasUserObjects(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%')
          + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')) AS n`,
  );
  return Number(rows[0]!.n) > 0;
}
