import type { AttemptInfo, BackoffOptions } from "./backoff.js";
import { retryUntil } from "./backoff.js";
import { displayDatabaseUrl } from "./database-url.js";
import { isNetravenError } from "./errors.js";
import type { Logger } from "./logger.js";
import { classifyPgConnectError, databaseUnreachableError, describePgError, pgConnectError } from "./pg-connect-errors.js";
import { createWaitReporter } from "./wait-reporter.js";

/** Options for {@link waitForDatabase}. */
export interface WaitForDatabaseOptions {
  /** The connection string `connect` uses; shown with the password masked. */
  url: string;
  /** Give up after this long. */
  deadlineMs: number;
  /** The program's knob for the deadline, named in the 69 message: `SCHEMA_INIT_WAIT_TIMEOUT_MS (--wait-timeout)`. */
  waitSetting: string;
  logger: Logger;
  signal?: AbortSignal;
  /** @default 10000 */
  summaryEveryMs?: number;
  /** Longest pause between attempts: short, so a server that just came up is used at once. @default { initialMs: 50, maxMs: 1000 } */
  backoff?: BackoffOptions;
  /** Passed to pgConnectError for a missing database. */
  missingDatabaseHint?: string;
}

/**
 * Calls `connect` (which opens a connection with the driver of the caller's
 * choice, bounding its own timeout by `remainingMs`) until it succeeds.
 * Transient failures (refused, DNS, starting up, too many clients) are
 * retried with backoff and logged once per change of state; anything else
 * fails at once as the typed error of pgConnectError (77 or 66). After the
 * deadline: a DatabaseUnreachableError (69) naming `waitSetting`. A caller
 * that creates missing databases catches 3D000 inside `connect`.
 */
export async function waitForDatabase<T>(connect: (info: AttemptInfo) => Promise<T>, options: WaitForDatabaseOptions): Promise<T> {
  const started = Date.now();
  const reporter = createWaitReporter(options.logger, {
    what: "PostgreSQL",
    context: { target: displayDatabaseUrl(options.url) },
    ...(options.summaryEveryMs === undefined ? {} : { summaryEveryMs: options.summaryEveryMs }),
  });
  try {
    return await retryUntil(connect, {
      deadlineMs: options.deadlineMs,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      reporter,
      describeError: describePgError,
      classify: (error) => (classifyPgConnectError(error) === "transient" ? "retry" : "fail"),
      onDeadline: (lastError, stats) =>
        databaseUnreachableError({ url: options.url, waitedMs: Date.now() - started, attempts: stats.attempts, lastError, waitSetting: options.waitSetting }),
    });
  } catch (error) {
    if (isNetravenError(error)) throw error;
    throw pgConnectError(error, { url: options.url, ...(options.missingDatabaseHint ? { missingDatabaseHint: options.missingDatabaseHint } : {}) });
  }
}
