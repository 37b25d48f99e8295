import type { RunAction } from "@netraven/runtime";

import type { ConfigKey } from "../config.js";
import type { CliContext } from "./context.js";
import { createCliContext } from "./context.js";

/** A command's body: gets the context, the positional arguments and its options; returns the exit code. */
export type CommandRun = (ctx: CliContext, args: string[], options: Record<string, unknown>) => Promise<number>;

/**
 * Wraps a command body as a commander action through the runtime runner
 * (signals, --json errors, exit codes): flags -> config -> run. The flags map
 * lists the command's options that override configuration variables.
 */
export function commandAction(run: RunAction, flags: Record<string, ConfigKey>, body: CommandRun) {
  return run(async (ctx) => body(createCliContext(ctx, flags), ctx.args, ctx.options));
}

/** Prints a result: versioned JSON on stdout with --json, else the human text. */
export function printResult(ctx: CliContext, result: object, human: string): void {
  // Results never carry a top-level `version` (printJson puts the output version there).
  if (ctx.json) ctx.printJson({ ...result } as Record<string, unknown> & { version?: never });
  else if (human) ctx.io.stdout.write(`${human}\n`);
}
