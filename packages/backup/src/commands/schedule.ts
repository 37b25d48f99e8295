import type { RunAction } from "@netraven/runtime";
import { Command } from "commander";

import { commandAction, printResult } from "../cli/command-action.js";
import type { CliContext } from "../cli/context.js";
import { dumpOptions, runOptions } from "../cli/run-options.js";
import { requireDatabaseUrl } from "../config.js";
import { runSchedule } from "../schedule/run-schedule.js";

/** `schedule`: long-running; create -> verify -> prune on BACKUP_SCHEDULE until SIGTERM/SIGINT. */
export async function runScheduleCommand(ctx: CliContext): Promise<number> {
  const { config } = ctx;
  let cycles = 0;
  await runSchedule({
    cron: config.schedule,
    timeZone: config.timeZone,
    runOnStart: config.runOnStart,
    restoreTestEvery: config.restoreTestEvery,
    scratchDatabaseUrl: config.scratchDatabaseUrl,
    policy: config.retention,
    ...runOptions(ctx),
    ...dumpOptions(config),
    databaseUrl: requireDatabaseUrl(config),
    recorder: ctx.recorder,
    signal: ctx.signal,
    onCycle: () => {
      cycles += 1;
    },
  });
  // Stopped by a signal after cleaning up: a normal end for a service.
  printResult(ctx, { ok: true, stopped: true, cycles }, "");
  return 0;
}

/** The commander definition of `schedule`. */
export function scheduleCommand(run: RunAction): Command {
  return new Command("schedule")
    .description("run create -> verify -> prune on a cron schedule and record health state; stops cleanly on SIGTERM/SIGINT")
    .option("--cron <expression>", "cron expression, 5 or 6 fields (BACKUP_SCHEDULE)")
    .option("--run-on-start", "run once immediately (BACKUP_RUN_ON_START)")
    .option("--restore-test-every <n>", "add a test restore to every Nth verified run, 0 = never (BACKUP_RESTORE_TEST_EVERY)")
    .action(
      commandAction(
        run,
        { cron: "BACKUP_SCHEDULE", runOnStart: "BACKUP_RUN_ON_START", restoreTestEvery: "BACKUP_RESTORE_TEST_EVERY" },
        runScheduleCommand,
      ),
    );
}
