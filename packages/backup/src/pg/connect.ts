import pg from "pg";

import { DatabaseUnreachableError } from "../errors.js";
import { redact } from "../logger.js";
import { connectionPassword, connectionTarget } from "./connection-env.js";

/** The slice of a `pg` client the package's SQL helpers need. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** Options for {@link connect}. */
export interface ConnectOptions {
  /** Give up connecting after this long. @default 10000 */
  connectTimeoutMs?: number;
}

/**
 * Opens one `pg` connection. A failure becomes a DatabaseUnreachableError that
 * names host, port and database but never the password.
 */
export async function connect(url: string, options: ConnectOptions = {}): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: "netraven-backup",
  });
  // An idle connection dropped by the server must not crash the process.
  client.on("error", () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    const target = connectionTarget(url);
    const secrets = [connectionPassword(url)].filter((s): s is string => Boolean(s));
    throw new DatabaseUnreachableError(
      `cannot connect to PostgreSQL at ${target.host}:${target.port}, database "${target.database}": ${redact((error as Error).message, secrets)}; check DATABASE_URL and that the server is up`,
      { cause: error, context: { host: target.host, port: target.port, database: target.database } },
    );
  }
}

/** Runs `fn` on a fresh connection and always closes it. */
export async function withConnection<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Quotes an identifier for SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
