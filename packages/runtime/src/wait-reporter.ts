import type { Logger } from "./logger.js";
import { formatSeconds } from "./pg-connect-errors.js";

/** Logging for a wait loop: one line per change of state, a summary at intervals, never one per attempt. */
export interface WaitReporter {
  /** An attempt failed with this short reason (`connection refused (ECONNREFUSED)`). */
  attemptFailed(reason: string): void;
  /** The awaited thing answered; logs "available" only when there were failures. */
  succeeded(): void;
}

/** Options for {@link createWaitReporter}. */
export interface WaitReporterOptions {
  /** What is awaited, as the lines name it: `PostgreSQL`, `the schema lock`. */
  what: string;
  /** Interval of the "still waiting" summary. @default 10000 */
  summaryEveryMs?: number;
  /** Extra context on every line (the redacted target). @default {} */
  context?: Record<string, unknown>;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/**
 * Lines: `waiting for PostgreSQL: connection refused (ECONNREFUSED)` at the
 * first failure, `waiting for PostgreSQL: now <reason>` when the reason
 * changes, `still waiting for PostgreSQL: 12 attempts in 30 s, last error
 * <reason>` every `summaryEveryMs`, and `PostgreSQL is available after ...`.
 */
export function createWaitReporter(logger: Logger, options: WaitReporterOptions): WaitReporter {
  const now = options.now ?? Date.now;
  const every = options.summaryEveryMs ?? 10_000;
  const context = options.context ?? {};
  let attempts = 0;
  let firstFailureAt = 0;
  let lastLineAt = 0;
  let lastReason: string | undefined;
  return {
    attemptFailed(reason) {
      const at = now();
      attempts += 1;
      if (attempts === 1) {
        firstFailureAt = at;
        logger.info(`waiting for ${options.what}: ${reason}`, { ...context, reason });
      } else if (reason !== lastReason) {
        logger.info(`waiting for ${options.what}: now ${reason}`, { ...context, reason, attempts });
      } else if (at - lastLineAt >= every) {
        logger.info(`still waiting for ${options.what}: ${attempts} attempts in ${formatSeconds(at - firstFailureAt)}, last error ${reason}`, { ...context, attempts, waitedMs: at - firstFailureAt });
      } else {
        lastReason = reason;
        return;
      }
      lastReason = reason;
      lastLineAt = at;
    },
    succeeded() {
      if (attempts === 0) return;
      logger.info(`${options.what} is available after ${attempts} failed attempts in ${formatSeconds(now() - firstFailureAt)}`, { ...context, attempts, waitedMs: now() - firstFailureAt });
      attempts = 0;
      lastReason = undefined;
    },
  };
}
