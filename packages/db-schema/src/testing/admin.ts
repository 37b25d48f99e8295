import { openPgClient } from "@netraven/runtime/pg";

/** Replaces the database name of a connection string. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Runs statements on a short-lived connection (CREATE/DROP DATABASE cannot run in a pool transaction). */
export async function runAdmin(url: string, statements: string[]): Promise<void> {
  const client = await openPgClient({ connectionString: url });
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Quotes an identifier for SQL. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
