import type { Queryable } from "../pg/connect.js";
import { countRows, listUserTables, readLatestMigration, readTableStats } from "../pg/database-facts.js";
import type { DatabaseState } from "../pg/database-state.js";
import { readDatabaseState } from "../pg/database-state.js";
import type { ToolContext } from "../pg/tool-context.js";
import { runTool } from "../pg/tool-context.js";
import type { Progress } from "../progress/table-progress.js";
import { watchCopyProgress } from "../progress/copy-progress.js";
import { PG_DUMP_TABLE_LINE, trackTableProgress } from "../progress/table-progress.js";
import type { GlobalsOutcome } from "./dump-globals.js";
import { dumpGlobals } from "./dump-globals.js";
import type { SnapshotSession } from "./snapshot-session.js";

/** What the dump phase learnt about the database besides the archive itself. */
export interface DumpPhaseResult {
  latestMigration: string | null;
  rowCounts: Record<string, number> | null;
  databaseState: DatabaseState;
  /** On-disk size per table when dumped: the progress estimate, recorded for restores. */
  tableBytes: Record<string, number>;
  globals: GlobalsOutcome;
}

/** Inputs of {@link runDumpPhase}. */
export interface DumpPhaseOptions {
  /** pg_dump arguments, output file included. */
  dumpArgs: string[];
  /** The database being dumped (progress within a table reads pg_stat_progress_copy there). */
  databaseUrl: string;
  /** Where the globals go; undefined when they are turned off. */
  globalsPartial: string | undefined;
  schema: string;
  rowCounts: boolean;
  /** Aborts pg_dump when another part fails. */
  abort: () => void;
  onProgress?: ((progress: Progress) => void) | undefined;
  progressIntervalMs?: number | undefined;
}

/**
 * Runs pg_dump, the row counts (in the exported snapshot, so they describe
 * exactly the rows in the dump) and pg_dumpall at the same time: the counts
 * and globals then cost little wall time. If any part fails, pg_dump is
 * cancelled and every part has settled before the error propagates.
 */
export async function runDumpPhase(ctx: ToolContext, session: SnapshotSession, options: DumpPhaseOptions): Promise<DumpPhaseResult> {
  const onProgress = options.onProgress;
  const progress = onProgress
    ? trackTableProgress({ phase: "dump", tableBytes: undefined, startsTable: PG_DUMP_TABLE_LINE, onProgress, intervalMs: options.progressIntervalMs })
    : undefined;
  const copying = progress ? watchCopyProgress({ databaseUrl: options.databaseUrl, onRows: progress.setRows, intervalMs: options.progressIntervalMs }) : undefined;
  const finish = async (success: boolean) => {
    await copying?.stop();
    progress?.stop(success);
  };
  const dumping = runTool(ctx, "pg_dump", options.dumpArgs, { onStderrLine: progress?.onLine }).then(
    async (result) => {
      await finish(true);
      return result;
    },
    async (error: unknown) => {
      await finish(false);
      throw error;
    },
  );
  // Sizes take the same table locks as pg_dump, so they are read beside it, never before it.
  const reading = readContents(session.db, options.schema, options.rowCounts, (bytes, rows) => progress?.setTableBytes(bytes, rows));
  const globals: Promise<GlobalsOutcome> = options.globalsPartial
    ? dumpGlobals(ctx, options.globalsPartial, session.facts.database, session.facts.isSuperuser)
    : Promise.resolve({ included: false, withRolePasswords: false, reason: "disabled (BACKUP_GLOBALS=false)" });
  try {
    const [, contents, globalsOutcome] = await Promise.all([dumping, reading, globals]);
    return { ...contents, globals: globalsOutcome };
  } catch (error) {
    options.abort();
    await session.abort();
    await Promise.allSettled([dumping, reading, globals]);
    throw error;
  }
}

async function readContents(db: Queryable, schema: string, rowCounts: boolean, onSizes: (bytes: Record<string, number>, rows: Record<string, number>) => void) {
  const stats = await readTableStats(db);
  onSizes(stats.bytes, stats.rows);
  const tableBytes = stats.bytes;
  return {
    tableBytes,
    databaseState: await readDatabaseState(db),
    latestMigration: await readLatestMigration(db, schema),
    rowCounts: rowCounts ? await countRows(db, await listUserTables(db)) : null,
  };
}
