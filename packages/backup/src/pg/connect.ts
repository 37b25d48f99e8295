import type { Logger } from "@netraven/runtime";
import { silentLogger, waitForDatabase } from "@netraven/runtime";
import { openPgClient } from "@netraven/runtime/pg";
import type pg from "pg";

/** The slice of a `pg` client the package's SQL helpers need. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** The knob for the wait deadline, as the exit-69 message names it. */
export const WAIT_SETTING = "BACKUP_WAIT_TIMEOUT_MS (--wait-timeout)";

/** What to do about a missing database: backup never creates the database it dumps. */
export const MISSING_DATABASE_HINT = "check the database name in DATABASE_URL (netraven-backup never creates it; schema-init does)";

/** Options for {@link connect}. */
export interface ConnectOptions {
  /** Retry transient failures (refused, DNS, starting up) for this long, then exit 69. 0 = one attempt. @default 0 */
  waitTimeoutMs?: number | undefined;
  /** Upper bound of one attempt. @default 10000 */
  connectTimeoutMs?: number;
  /** Bound of every query on the connection, client and server side (0 = none). @default 0 */
  queryTimeoutMs?: number;
  /** Gets one line per change of state while waiting, never one per attempt. @default silentLogger */
  logger?: Logger | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Opens one `pg` connection through the runtime's wait loop, so a failure is
 * classified as in every NetRaven program: wrong password or unknown role
 * 77 at once, unknown database 66, and a server that stays unreachable past
 * the deadline 69 naming BACKUP_WAIT_TIMEOUT_MS. Messages mask the password.
 */
export async function connect(url: string, options: ConnectOptions = {}): Promise<pg.Client> {
  const deadlineMs = options.waitTimeoutMs ?? 0;
  const perAttemptMs = options.connectTimeoutMs ?? 10_000;
  return waitForDatabase(
    async ({ remainingMs }) => {
      // A non-routable host only fails by timing out: never let one attempt outlast the deadline.
      const timeout = deadlineMs > 0 ? Math.min(perAttemptMs, Math.max(250, remainingMs)) : perAttemptMs;
      return openPgClient({
        connectionString: url,
        connectionTimeoutMillis: timeout,
        application_name: "netraven-backup",
        ...(options.queryTimeoutMs ? { query_timeout: options.queryTimeoutMs, statement_timeout: options.queryTimeoutMs } : {}),
      });
    },
    {
      url,
      deadlineMs,
      waitSetting: WAIT_SETTING,
      logger: options.logger ?? silentLogger,
      missingDatabaseHint: MISSING_DATABASE_HINT,
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
}

/** Runs `fn` on a fresh connection and always closes it. */
export async function withConnection<T>(url: string, fn: (client: pg.Client) => Promise<T>, options: ConnectOptions = {}): Promise<T> {
  const client = await connect(url, options);
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
