import type { RunAction } from "@netraven/runtime";
import { EXIT_CODES } from "@netraven/runtime";
import { Command } from "commander";

import { commandAction, printResult } from "../cli/command-action.js";
import type { CliContext } from "../cli/context.js";
import { runOptions } from "../cli/run-options.js";
import { requireDatabaseUrl } from "../config.js";
import { verifiedFacts } from "../history/run-facts.js";
import { trackRun } from "../history/track-run.js";
import { verifyBackup } from "../verify/verify-backup.js";

/** `verify [id]`: checksums, TOC, full read, optionally a test restore. */
export async function runVerify(ctx: CliContext, id: string | undefined, restoreTest: boolean): Promise<number> {
  const { config } = ctx;
  const scratchDatabaseUrl = restoreTest ? (config.scratchDatabaseUrl ?? requireDatabaseUrl(config)) : undefined;
  const verify = () => verifyBackup({ dir: config.backupDir, id: id ?? "latest", restoreTest, scratchDatabaseUrl, jobs: config.jobs, ...runOptions(ctx) });
  const report = await trackRun(ctx.recorder, restoreTest ? "restore_test" : "verify", verify, verifiedFacts);
  const lines = report.checks.map((c) => `${c.ok ? "ok  " : "FAIL"}  ${c.name.padEnd(12)}  ${c.detail}`);
  printResult(ctx, report, [`${report.id}: ${report.ok ? "verified" : "FAILED verification"}`, ...lines].join("\n"));
  return report.ok ? 0 : EXIT_CODES.DATA;
}

/** The commander definition of `verify`. */
export function verifyCommand(run: RunAction): Command {
  return new Command("verify")
    .description("check a backup: sha256 of every file, pg_restore --list, a full read; --restore-test also restores it into a scratch database")
    .argument("[id]", 'backup id or "latest"', "latest")
    .option("--restore-test", "restore into a scratch database (BACKUP_SCRATCH_DATABASE_URL, else DATABASE_URL's server), compare row counts, drop it")
    .option("--jobs <n>", "parallel pg_restore jobs for the test restore (BACKUP_JOBS)")
    .action(commandAction(run, { jobs: "BACKUP_JOBS" }, (ctx, [id], options) => runVerify(ctx, id, options.restoreTest === true)));
}
