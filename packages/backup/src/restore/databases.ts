import { PrivilegeMissingError, RestoreFailedError } from "../errors.js";
import { quoteIdent } from "../pg/connect.js";
import type { Queryable } from "../pg/connect.js";

/** Names we create or drop: plain identifiers only, so they never need quoting tricks in pg_restore's `-d`. */
const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/;

/** Returns a message when `name` is not a database name we accept, else undefined. */
export function checkDatabaseName(name: string): string | undefined {
  return DATABASE_NAME.test(name) ? undefined : `"${name}" is not a usable database name (letters, digits, _ $ -; at most 63; not starting with a digit)`;
}

/** True when a database of that name exists on the server. */
export async function databaseExists(admin: Queryable, name: string): Promise<boolean> {
  const { rows } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  return rows.length > 0;
}

/** Creates an empty database from template0 with the source's encoding. */
export async function createDatabase(admin: Queryable, name: string, encoding: string): Promise<void> {
  await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING '${encoding.replaceAll("'", "''")}'`).catch((error: unknown) => {
    const pgError = error as { code?: string; message?: string };
    if (pgError.code === "42501") {
      throw new PrivilegeMissingError(`creating database "${name}" was refused: ${pgError.message}; grant CREATEDB (ALTER ROLE <role> CREATEDB)`, { cause: error });
    }
    throw new RestoreFailedError(`creating database "${name}" failed: ${pgError.message ?? String(error)}; nothing else was changed`, { cause: error });
  });
}

/** Drops a database, ending its sessions first (PostgreSQL 13+). */
export async function dropDatabase(admin: Queryable, name: string): Promise<void> {
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
}
