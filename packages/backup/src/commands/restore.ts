import type { RunAction } from "@netraven/runtime";
import { Command } from "commander";

import { commandAction, printResult } from "../cli/command-action.js";
import type { CliContext } from "../cli/context.js";
import { runOptions } from "../cli/run-options.js";
import { requireDatabaseUrl } from "../config.js";
import { restoreBackup } from "../restore/restore-backup.js";

/** Flags of `restore` beyond the configuration. */
export interface RestoreFlags {
  target?: string | undefined;
  force?: boolean;
  safetyBackup?: boolean;
  owner?: boolean;
  validate?: boolean;
}

/** `restore [id]`: into a new database unless --target names another. */
export async function runRestore(ctx: CliContext, id: string | undefined, flags: RestoreFlags): Promise<number> {
  const { config } = ctx;
  const result = await restoreBackup({
    databaseUrl: requireDatabaseUrl(config),
    dir: config.backupDir,
    id: id ?? "latest",
    targetDatabase: flags.target,
    force: flags.force ?? false,
    safetyBackup: flags.safetyBackup !== false,
    jobs: config.jobs,
    noOwner: flags.owner === false,
    validate: flags.validate !== false,
    schema: config.schema,
    ...runOptions(ctx),
  });
  const human = [
    ...result.skipped.map((s) => `skipped ${s.id}: ${s.reason}`),
    `restored ${result.id} into database "${result.targetDatabase}" in ${(result.durationMs / 1000).toFixed(1)} s`,
    ...(result.safetyBackupId ? [`the replaced database is in pinned backup ${result.safetyBackupId}: restore that id to undo`] : []),
    ...result.warnings.map((w) => `warning: ${w}`),
  ];
  printResult(ctx, result, human.join("\n"));
  return 0;
}

/** The commander definition of `restore`. */
export function restoreCommand(run: RunAction): Command {
  return new Command("restore")
    .description("restore a backup into a new database on DATABASE_URL's server (checksums first, stops at the first error, then validate and ANALYZE)")
    .argument("[id]", 'backup id or "latest" (the newest backup that verifies; newer ones are named with the reason they were skipped)', "latest")
    .option("--target <database>", "database to restore into (default: <database>_restored_<timestamp>, always new)")
    .option("--force", "replace --target if it already holds objects: restore beside it, then swap by rename (ends its sessions; backs it up first)")
    .option("--no-safety-backup", "with --force, replace the target without backing it up first")
    .option("--jobs <n>", "parallel pg_restore jobs (BACKUP_JOBS)")
    .option("--no-owner", "skip ownership and grants (for a server whose roles differ)")
    .option("--no-validate", "skip schema-init's validation (for databases that are not NetRaven's)")
    .action(commandAction(run, { jobs: "BACKUP_JOBS" }, (ctx, [id], options) => runRestore(ctx, id, options as RestoreFlags)));
}
