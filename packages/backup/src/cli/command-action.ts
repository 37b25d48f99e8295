import type { Command } from "commander";

import type { ConfigKey } from "../config.js";
import type { CliContext, CliIo } from "./context.js";
import { createCliContext } from "./context.js";

/** A command's body: gets the context, the positional arguments and its options; returns the exit code. */
export type CommandRun = (ctx: CliContext, args: string[], options: Record<string, unknown>) => Promise<number>;

/** Where actions leave their exit code for the entry point. */
export interface ExitHolder {
  code: number;
}

/**
 * Wraps a command body as a commander action: flags -> config -> run. The
 * flags map lists the command's options that override configuration variables.
 */
export function commandAction(io: CliIo, exit: ExitHolder, flags: Record<string, ConfigKey>, run: CommandRun) {
  return async (...received: unknown[]) => {
    const cmd = received.at(-1) as Command;
    const options = cmd.opts<Record<string, unknown>>();
    const args = received.slice(0, -2).filter((a): a is string => typeof a === "string");
    exit.code = await run(createCliContext(cmd, flags, io), args, options);
  };
}

/** Prints a result: JSON on stdout with --json, else the human text. */
export function printResult(ctx: CliContext, result: object, human: string): void {
  if (ctx.json) ctx.io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (human) ctx.io.stdout.write(`${human}\n`);
}
