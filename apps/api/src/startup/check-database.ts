import type { Logger } from "@netraven/runtime";
import { waitForDatabase } from "@netraven/runtime";
import { openPgClient } from "@netraven/runtime/pg";

/** The setting the 69 message tells the operator to raise. */
export const WAIT_SETTING = "SCHEMA_INIT_WAIT_TIMEOUT_MS";

// One attempt never hangs longer than this on a silent (non-routable) host, so the wait loop keeps reporting.
const MAX_ATTEMPT_MS = 5000;

/** Options for {@link checkDatabase}. */
export interface CheckDatabaseOptions {
  url: string;
  deadlineMs: number;
  /** schema-init runs next and may create a missing database: a missing one is then not an error here. */
  databaseWillBeCreated: boolean;
  /** What to do about a missing database that will not be created (66). */
  missingDatabaseHint: string;
  logger: Logger;
  signal: AbortSignal;
}

/**
 * Opens (and closes) one connection before anything else uses the database,
 * through the runtime's wait loop: transient failures (refused, DNS, starting
 * up) are retried until `deadlineMs` with one log line per change of state
 * and a summary every 10 s, then 69 naming SCHEMA_INIT_WAIT_TIMEOUT_MS; a
 * wrong password fails at once with 77, a missing database with 66.
 */
export async function checkDatabase(options: CheckDatabaseOptions): Promise<void> {
  await waitForDatabase(
    async ({ remainingMs }) => {
      const client = await openPgClient({ connectionString: options.url, connectionTimeoutMillis: Math.max(100, Math.min(remainingMs, MAX_ATTEMPT_MS)) }).catch((error: unknown) => {
        if ((error as { code?: string }).code === "3D000" && options.databaseWillBeCreated) return undefined;
        throw error;
      });
      await client?.end().catch(() => undefined);
    },
    {
      url: options.url,
      deadlineMs: options.deadlineMs,
      waitSetting: WAIT_SETTING,
      logger: options.logger,
      signal: options.signal,
      missingDatabaseHint: options.missingDatabaseHint,
    },
  );
}
