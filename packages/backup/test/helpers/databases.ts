import { runAdmin } from "@netraven/db-schema/testing";
import pg from "pg";

/** Runs one query on a short-lived connection and returns its rows. */
export async function queryRows<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Names of the databases on the server whose name starts with `prefix`, sorted. */
export async function databasesLike(adminUrl: string, prefix: string): Promise<string[]> {
  const rows = await queryRows<{ datname: string }>(adminUrl, "SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1", [prefix]);
  return rows.map((r) => r.datname);
}

/** Drops databases (ending their sessions) and roles, ignoring the ones already gone. */
export async function dropAll(adminUrl: string, databases: string[], roles: string[] = []): Promise<void> {
  await runAdmin(adminUrl, [
    ...databases.map((d) => `DROP DATABASE IF EXISTS "${d}" WITH (FORCE)`),
    ...roles.map((r) => `DROP ROLE IF EXISTS "${r}"`),
  ]);
}
