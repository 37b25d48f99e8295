import { abortError } from "./errors.js";
import type { WaitReporter } from "./wait-reporter.js";

/** Capped exponential backoff with full jitter. */
export interface BackoffOptions {
  /** First delay (before jitter). @default 100 */
  initialMs?: number;
  /** Upper bound of one delay. @default 2000 */
  maxMs?: number;
  /** Growth per attempt. @default 2 */
  factor?: number;
  /** Source of jitter in [0, 1); `() => 1` gives the deterministic upper bound in tests. @default Math.random */
  random?: () => number;
}

/**
 * Delay before retry `attempt` (1-based): `min(maxMs, initialMs * factor^(attempt-1))`
 * scaled by "full jitter" (a random share of it), so many replicas that failed
 * together do not retry in step. Never below 1 ms.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? 100;
  const capped = Math.min(options.maxMs ?? 2000, initial * (options.factor ?? 2) ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(capped * (options.random ?? Math.random)()));
}

/** Resolves after `ms`, or rejects with an InterruptedError (or the NetravenError given as reason) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** What one attempt of {@link retryUntil} learns about the time left. */
export interface AttemptInfo {
  /** 1-based. */
  attempt: number;
  /** Time left before the deadline: use it to bound a connect timeout. */
  remainingMs: number;
}

/** Facts handed to `onDeadline`. */
export interface RetryStats {
  attempts: number;
  elapsedMs: number;
}

/** Options for {@link retryUntil}. */
export interface RetryUntilOptions {
  /** Total time budget from the first attempt. */
  deadlineMs: number;
  /** Aborting stops the loop with an InterruptedError (also during the pause). */
  signal?: AbortSignal;
  /** "retry" for transient failures; "fail" rethrows the error at once. */
  classify: (error: unknown) => "retry" | "fail";
  /** Builds the error thrown when the deadline passes. @default rethrows the last error */
  onDeadline?: (lastError: unknown, stats: RetryStats) => Error;
  /** Logs state changes and periodic summaries (see createWaitReporter). */
  reporter?: WaitReporter;
  /** Short reason of a failure for the reporter. @default the error's message */
  describeError?: (error: unknown) => string;
  /** @default { initialMs: 50, maxMs: 1000 } */
  backoff?: BackoffOptions;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/**
 * Calls `fn` until it resolves, a failure is classified "fail", the signal
 * aborts or an attempt fails at or after the deadline (the last pause is cut
 * short so that one attempt runs at the deadline). Used for waiting on the
 * database and for locks; hand-written because the loop is ten lines and
 * must share the AbortSignal and the reporter with its callers.
 */
export async function retryUntil<T>(fn: (info: AttemptInfo) => Promise<T>, options: RetryUntilOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const started = now();
  const describe = options.describeError ?? ((error: unknown) => (error instanceof Error ? error.message : String(error)));
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw abortError(options.signal);
    try {
      const value = await fn({ attempt, remainingMs: Math.max(0, options.deadlineMs - (now() - started)) });
      options.reporter?.succeeded();
      return value;
    } catch (error) {
      if (options.signal?.aborted) throw abortError(options.signal);
      if (options.classify(error) === "fail") throw error;
      options.reporter?.attemptFailed(describe(error));
      const elapsedMs = now() - started;
      if (elapsedMs >= options.deadlineMs) {
        throw options.onDeadline ? options.onDeadline(error, { attempts: attempt, elapsedMs }) : error;
      }
      // The last pause is cut to end at the deadline, where one last attempt runs: a 2 s
      // deadline waits 2 s, not until the pause before it (which read as "gave up after 1.2 s").
      const delay = backoffDelay(attempt, options.backoff ?? { initialMs: 50, maxMs: 1000 });
      await sleep(Math.min(delay, options.deadlineMs - elapsedMs), options.signal);
    }
  }
}
