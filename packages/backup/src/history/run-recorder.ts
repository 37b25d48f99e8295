import type { BackupRunRecord } from "@netraven/db-schema/core";
import { recordBackupRun } from "@netraven/db-schema/core";
import type { Logger } from "@netraven/runtime";
import { displayDatabaseUrl, isNetravenError } from "@netraven/runtime";

import { withConnection } from "../pg/connect.js";
import { readCatalog } from "../store/catalog.js";
import { TOOL_VERSION } from "../version.js";
import { historyMessage } from "./history-message.js";

/** One run as this package hands it to the recorder; the recorder adds the store count and the tool version. */
export type RunRecord = Omit<BackupRunRecord, "toolVersion" | "backupCount"> & {
  /** The error that failed the run (not stored: `errorCode` and `message` are). */
  cause?: unknown;
};

/** Writes runs into `backup_runs` for the API's status page and metrics. Never throws. */
export interface RunRecorder {
  record(run: RunRecord): Promise<void>;
}

/** Options for {@link createRunRecorder}. */
export interface RunRecorderOptions {
  /** The database being backed up (never a restore target). */
  databaseUrl: string;
  /** Schema holding `backup_runs`. */
  schema: string;
  /** The backup directory, counted after each run. */
  dir: string;
  logger: Logger;
  /** Bound of the connect and of the statement. @default 5000 */
  timeoutMs?: number;
}

/**
 * A recorder for DATABASE_URL's `backup_runs`, with the writers' statement
 * from @netraven/db-schema. Recording is a side effect of a backup, never a
 * reason for it to fail or hang: a failure is one warning, and connect and
 * statement are each bounded (no waiting for a database that is down).
 */
export function createRunRecorder(options: RunRecorderOptions): RunRecorder {
  const timeoutMs = options.timeoutMs ?? 5000;
  const target = displayDatabaseUrl(options.databaseUrl);
  return {
    async record(run) {
      // The run failed because this very database cannot be reached: recording would fail the same way.
      if (isNetravenError(run.cause) && run.cause.code.startsWith("DB_") && run.cause.context.target === target) return;
      const backupCount = await readCatalog(options.dir).then(
        (c) => c.backups.length,
        () => null,
      );
      const { cause: _cause, ...row } = run;
      try {
        await withConnection(options.databaseUrl, (db) => recordBackupRun(db, { ...row, backupCount, toolVersion: TOOL_VERSION }, options.schema), {
          connectTimeoutMs: timeoutMs,
          queryTimeoutMs: timeoutMs,
        });
      } catch (error) {
        options.logger.warn(`could not record this ${run.kind} run in ${options.schema}.backup_runs (the status page will not show it): ${historyMessage(error)}`, { kind: run.kind });
      }
    },
  };
}
