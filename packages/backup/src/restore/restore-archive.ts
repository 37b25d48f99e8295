import type { ToolContext } from "../pg/tool-context.js";
import { runTool } from "../pg/tool-context.js";
import { watchCopyProgress } from "../progress/copy-progress.js";
import type { Progress } from "../progress/table-progress.js";
import { PG_RESTORE_TABLE_LINE, trackTableProgress } from "../progress/table-progress.js";

/** Options for {@link restoreArchive}. */
export interface RestoreArchiveOptions {
  /** Archive path (file or directory). */
  archive: string;
  /** Existing, empty database to load into. */
  database: string;
  /** Parallel jobs. @default 1 */
  jobs?: number | undefined;
  /** Skip ownership and grants (restoring on another server whose roles differ). @default false */
  noOwner?: boolean;
  /** Called with pg_restore's pid once it runs. */
  onSpawn?: ((pid: number | undefined) => void) | undefined;
  /** Progress per table, weighed by the sizes the manifest recorded. */
  progress?: {
    phase: "restore" | "restore-test";
    tableBytes: Record<string, number> | undefined;
    /** Rows per table (the manifest's counts), for progress within a table. */
    expectedRows: Record<string, number> | null | undefined;
    /** The database being loaded, where pg_stat_progress_copy is read. */
    databaseUrl: string;
    onProgress: ((progress: Progress) => void) | undefined;
    intervalMs?: number | undefined;
  };
}

/**
 * Loads an archive with pg_restore, stopping at the first error: pg_restore's
 * default carries on and only counts errors, which is how other tools end up
 * reporting half-applied restores as successes. --verbose names each table
 * as it starts, which is what the progress is made of.
 */
export async function restoreArchive(ctx: ToolContext, options: RestoreArchiveOptions): Promise<void> {
  const args = ["--exit-on-error", "--no-password", "--verbose", "--dbname", options.database];
  if ((options.jobs ?? 1) > 1) args.push("--jobs", String(options.jobs));
  if (options.noOwner) args.push("--no-owner", "--no-privileges");
  args.push(options.archive);
  const p = options.progress;
  const tracker = p?.onProgress
    ? trackTableProgress({
        phase: p.phase,
        tableBytes: p.tableBytes,
        expectedRows: p.expectedRows,
        startsTable: PG_RESTORE_TABLE_LINE,
        onProgress: p.onProgress,
        intervalMs: p.intervalMs,
      })
    : undefined;
  const copying = tracker && p ? watchCopyProgress({ databaseUrl: p.databaseUrl, onRows: tracker.setRows, intervalMs: p.intervalMs }) : undefined;
  try {
    await runTool(ctx, "pg_restore", args, { onSpawn: options.onSpawn, onStderrLine: tracker?.onLine });
  } catch (error) {
    await copying?.stop();
    tracker?.stop(false);
    throw error;
  }
  await copying?.stop();
  tracker?.stop(true);
}
