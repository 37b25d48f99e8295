import type { RunAction } from "@netraven/runtime";
import { Command, Option } from "commander";

import { commandAction, printResult } from "../cli/command-action.js";
import type { CliContext } from "../cli/context.js";
import { dumpOptions, runOptions } from "../cli/run-options.js";
import { requireDatabaseUrl } from "../config.js";
import { createBackup } from "../create/create-backup.js";
import { createdFacts } from "../history/run-facts.js";
import { trackRun } from "../history/track-run.js";
import { formatBytes } from "../store/preflight.js";

/** `create`: one backup now. */
export async function runCreate(ctx: CliContext): Promise<number> {
  const { config } = ctx;
  const databaseUrl = requireDatabaseUrl(config);
  const result = await trackRun(ctx.recorder, "create", () => createBackup({ ...runOptions(ctx), ...dumpOptions(config), databaseUrl }), createdFacts);
  printResult(ctx, result, `${result.id}  ${formatBytes(result.bytes)}  ${(result.durationMs / 1000).toFixed(1)} s`);
  return 0;
}

/** The commander definition of `create`. */
export function createCommand(run: RunAction): Command {
  return new Command("create")
    .description("dump DATABASE_URL into BACKUP_DIR (atomic files, manifest with checksums written last)")
    .addOption(new Option("--format <format>", "archive format (BACKUP_FORMAT)").choices(["custom", "directory"]))
    .option("--compression <method[:level]>", "gzip[:1-9], zstd[:1-22], lz4[:1-12] (pg_dump 16+) or none (BACKUP_COMPRESSION)")
    .option("--jobs <n>", "parallel pg_dump jobs, directory format only (BACKUP_JOBS)")
    .option("--no-globals", "do not dump roles and tablespaces (BACKUP_GLOBALS=false)")
    .option("--no-row-counts", "do not count rows per table (BACKUP_ROW_COUNTS=false)")
    .action(
      commandAction(
        run,
        { format: "BACKUP_FORMAT", compression: "BACKUP_COMPRESSION", jobs: "BACKUP_JOBS", globals: "BACKUP_GLOBALS", rowCounts: "BACKUP_ROW_COUNTS" },
        (ctx) => runCreate(ctx),
      ),
    );
}
