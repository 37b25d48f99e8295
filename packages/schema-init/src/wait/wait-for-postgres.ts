import type { Logger } from "@netraven/runtime";
import { waitForDatabase } from "@netraven/runtime";
import type pg from "pg";
import { openPgClient } from "@netraven/runtime/pg";

import { createDatabase } from "./create-database.js";

/** The knob the "did not accept connections" message (69) tells the operator to raise. */
export const WAIT_SETTING = "SCHEMA_INIT_WAIT_TIMEOUT_MS (--wait-timeout)";

/** Options for {@link waitForPostgres}. */
export interface WaitForPostgresOptions {
  /** Connection string of the target database. */
  url: string;
  /** Overall deadline. @default 60000 */
  timeoutMs?: number;
  /** Longest pause between attempts; short so a freshly started server is used at once. @default 200 */
  maxDelayMs?: number;
  /** Interval of the "still waiting" summary line. @default 10000 */
  summaryEveryMs?: number;
  /** Create the database when it does not exist and the role may. @default true */
  createDatabase?: boolean;
  /** `application_name` of the connection, shown to other runs waiting for the lock. @default "netraven-schema-init" */
  applicationName?: string;
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * Connects to PostgreSQL through the runtime's wait loop, as every NetRaven
 * program does: transient failures (refused, DNS, server starting, too many
 * connections) are retried with capped backoff until the deadline and logged
 * once per change of state plus a summary every `summaryEveryMs`; permanent
 * ones fail at once (77 wrong password/role/TLS, 66 unknown database when it
 * is not created); past the deadline, 69. Returns the open connection.
 */
export async function waitForPostgres(options: WaitForPostgresOptions): Promise<pg.Client> {
  const create = options.createDatabase !== false;
  return waitForDatabase(
    async ({ remainingMs }) => {
      try {
        return await connectOnce(options, remainingMs);
      } catch (error) {
        if (!create || (error as { code?: unknown }).code !== "3D000") throw error;
        await createDatabase(options.url, options.logger);
        return connectOnce(options, remainingMs);
      }
    },
    {
      url: options.url,
      deadlineMs: options.timeoutMs ?? 60_000,
      waitSetting: WAIT_SETTING,
      logger: options.logger,
      backoff: { initialMs: 50, maxMs: options.maxDelayMs ?? 200 },
      ...(options.summaryEveryMs === undefined ? {} : { summaryEveryMs: options.summaryEveryMs }),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(create ? {} : { missingDatabaseHint: "create it, or let schema-init create it (SCHEMA_INIT_CREATE_DATABASE=true, without --no-create-database; the role needs CREATEDB)" }),
    },
  );
}

async function connectOnce(options: WaitForPostgresOptions, remainingMs: number): Promise<pg.Client> {
  return openPgClient(
    {
      connectionString: options.url,
      connectionTimeoutMillis: Math.max(1000, Math.min(5000, remainingMs)),
      application_name: options.applicationName ?? "netraven-schema-init",
    },
    // A later reset is reported, never thrown.
    { onLost: (error) => options.logger.warn("Connection to PostgreSQL lost", { error: error.message }) },
  );
}
