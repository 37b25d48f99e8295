import type { RunAction } from "@netraven/runtime";
import { Command } from "commander";

import { commandAction, printResult } from "../cli/command-action.js";
import type { CliContext } from "../cli/context.js";
import { checkHealth } from "../schedule/health.js";

/** `health`: exit 0 when the last verified backup is fresh, 10/11/12 otherwise (for a container HEALTHCHECK). */
export async function runHealth(ctx: CliContext): Promise<number> {
  const report = await checkHealth(ctx.config.backupDir, { maxAgeHours: ctx.config.healthMaxAgeHours, minBytes: ctx.config.healthMinBytes });
  printResult(ctx, { ok: report.healthy, ...report }, `${report.healthy ? "healthy" : "UNHEALTHY"}: ${report.reason}`);
  return report.exitCode;
}

/** The commander definition of `health`. */
export function healthCommand(run: RunAction): Command {
  return new Command("health")
    .description("exit 0 if the last verified backup is fresh and large enough, else 10 (none yet), 11 (stale) or 12 (too small)")
    .option("--max-age-hours <n>", "BACKUP_HEALTH_MAX_AGE_HOURS")
    .option("--min-bytes <n>", "BACKUP_HEALTH_MIN_BYTES")
    .action(commandAction(run, { maxAgeHours: "BACKUP_HEALTH_MAX_AGE_HOURS", minBytes: "BACKUP_HEALTH_MIN_BYTES" }, runHealth));
}
