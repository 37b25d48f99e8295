import type { RunAction } from "@netraven/runtime";
import { Command } from "commander";

import { commandAction, printResult } from "../cli/command-action.js";
import type { CliContext } from "../cli/context.js";
import { pinBackup, unpinBackup } from "../store/pins.js";

/** `pin <id>` / `unpin <id>`. */
export async function runPin(ctx: CliContext, id: string, pinned: boolean, reason?: string): Promise<number> {
  const options = { dir: ctx.config.backupDir, id, reason, lockTimeoutMs: ctx.config.lockTimeoutMs, logger: ctx.logger };
  const resolved = pinned ? await pinBackup(options) : await unpinBackup(options);
  printResult(ctx, { ok: true, id: resolved, pinned }, `${pinned ? "pinned" : "unpinned"} ${resolved}`);
  return 0;
}

/** The commander definitions of `pin` and `unpin`. */
export function pinCommands(run: RunAction): Command[] {
  return [
    new Command("pin")
      .description("keep a backup whatever the retention rules say")
      .argument("<id>", 'backup id or "latest"')
      .option("--reason <text>", "why it is kept (stored with the pin)")
      .action(commandAction(run, {}, (ctx, [id], options) => runPin(ctx, id!, true, options.reason as string | undefined))),
    new Command("unpin")
      .description("let retention delete a pinned backup again")
      .argument("<id>", 'backup id or "latest"')
      .action(commandAction(run, {}, (ctx, [id]) => runPin(ctx, id!, false))),
  ];
}
