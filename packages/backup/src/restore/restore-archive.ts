import type { ToolContext } from "../pg/tool-context.js";
import { runTool } from "../pg/tool-context.js";

/** Options for {@link restoreArchive}. */
export interface RestoreArchiveOptions {
  /** Archive path (file or directory). */
  archive: string;
  /** Existing, empty database to load into. */
  database: string;
  /** Parallel jobs. @default 1 */
  jobs?: number;
  /** Skip ownership and grants (restoring on another server whose roles differ). @default false */
  noOwner?: boolean;
  /** Called with pg_restore's pid once it runs. */
  onSpawn?: ((pid: number | undefined) => void) | undefined;
}

/**
 * Loads an archive with pg_restore, stopping at the first error: pg_restore's
 * default carries on and only counts errors, which is how other tools end up
 * reporting half-applied restores as successes.
 */
export async function restoreArchive(ctx: ToolContext, options: RestoreArchiveOptions): Promise<void> {
  const args = ["--exit-on-error", "--no-password", "--dbname", options.database];
  if ((options.jobs ?? 1) > 1) args.push("--jobs", String(options.jobs));
  if (options.noOwner) args.push("--no-owner", "--no-privileges");
  args.push(options.archive);
  await runTool(ctx, "pg_restore", args, options.onSpawn);
}
