import type { RunAction } from "@netraven/runtime";
import { Command } from "commander";

import { commandAction, printResult } from "../cli/command-action.js";
import type { CliContext } from "../cli/context.js";
import { trackRun } from "../history/track-run.js";
import { pruneBackups } from "../retention/prune-backups.js";
import { formatBytes } from "../store/preflight.js";

/** `prune`: apply retention (or show the plan with --dry-run). */
export async function runPrune(ctx: CliContext, dryRun: boolean): Promise<number> {
  const { config } = ctx;
  const prune = () =>
    pruneBackups({ dir: config.backupDir, policy: config.retention, dryRun, timeZone: config.timeZone, lockTimeoutMs: config.lockTimeoutMs, signal: ctx.signal, logger: ctx.logger });
  // A dry run changes nothing: it is not a run of the service.
  const result = dryRun ? await prune() : await trackRun(ctx.recorder, "prune", prune, () => ({}));
  const lines = [
    ...result.removedLeftovers.map((name) => `removed leftover ${name}`),
    ...result.kept.map((d) => `keep    ${d.id}  ${d.reasons.join(", ")}`),
    ...result.deleted.map((d) => `${dryRun ? "would delete" : "deleted"} ${d.id}  ${d.reasons.join(", ")}`),
    `${dryRun ? "would free" : "freed"} ${formatBytes(result.freedBytes)}`,
  ];
  printResult(ctx, result, lines.join("\n"));
  return 0;
}

/** The commander definition of `prune`. */
export function pruneCommand(run: RunAction): Command {
  return new Command("prune")
    .description("delete backups that no retention rule keeps (the floor and pinned backups always stay)")
    .option("--dry-run", "print the plan, delete nothing")
    .option("--keep-last <n>", "BACKUP_KEEP_LAST")
    .option("--keep-daily <n>", "BACKUP_KEEP_DAILY")
    .option("--keep-weekly <n>", "BACKUP_KEEP_WEEKLY")
    .option("--keep-monthly <n>", "BACKUP_KEEP_MONTHLY")
    .option("--max-age-days <n>", "BACKUP_MAX_AGE_DAYS")
    .option("--min-keep <n>", "BACKUP_MIN_KEEP")
    .option("--unverified-max-age-hours <n>", "BACKUP_UNVERIFIED_MAX_AGE_HOURS")
    .action(
      commandAction(
        run,
        {
          keepLast: "BACKUP_KEEP_LAST",
          keepDaily: "BACKUP_KEEP_DAILY",
          keepWeekly: "BACKUP_KEEP_WEEKLY",
          keepMonthly: "BACKUP_KEEP_MONTHLY",
          maxAgeDays: "BACKUP_MAX_AGE_DAYS",
          minKeep: "BACKUP_MIN_KEEP",
          unverifiedMaxAgeHours: "BACKUP_UNVERIFIED_MAX_AGE_HOURS",
        },
        (ctx, _args, options) => runPrune(ctx, options.dryRun === true),
      ),
    );
}
