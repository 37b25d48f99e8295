import type { Logger } from "@netraven/runtime";

import type { Progress } from "./progress/table-progress.js";

/** Options shared by every function that runs PostgreSQL client programs under the directory lock. */
export interface PgRunOptions {
  /** PG_BIN: the only directory searched for pg_dump/pg_restore when set. @default undefined */
  pgBin?: string | undefined;
  /** PATH to search (then the standard install directories) when pgBin is unset. @default "" */
  searchPath?: string;
  /** Base environment of child processes, without PG* variables. @default {} */
  childEnv?: Record<string, string>;
  /** Wait this long for PostgreSQL to accept the first connection (transient failures retried, then exit 69; 0 = one attempt). @default 0 */
  waitTimeoutMs?: number | undefined;
  /** Wait this long for another run's lock (0 = fail at once). @default 0 */
  lockTimeoutMs?: number;
  /** Kill a pg_dump/pg_restore that runs longer than this (0 = never). @default 0 */
  timeoutMs?: number;
  /** Aborting cancels the running program and removes what this run wrote. @default undefined */
  signal?: AbortSignal | undefined;
  /** @default a stderr logger */
  logger?: Logger;
  /** Called about once per `progressIntervalMs` while pg_dump/pg_restore copies tables, and once at the end. */
  onProgress?: ((progress: Progress) => void) | undefined;
  /** @default 1000 */
  progressIntervalMs?: number | undefined;
}
