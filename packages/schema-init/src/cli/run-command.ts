import { redactSecrets } from "@netraven/db-schema/core";

import { isSchemaInitError } from "../errors.js";
import type { CommandContext, GlobalFlags } from "./context.js";
import { createContext } from "./context.js";
import { EXIT_CODES } from "./exit-codes.js";

/**
 * The one top-level handler: builds the context, runs the command, maps any
 * error to its exit code and prints it (redacted) on stderr — and on stdout
 * as JSON with --json, so scripts always get a result object.
 */
export async function runCommand(flags: GlobalFlags, signal: AbortSignal, action: (ctx: CommandContext) => Promise<number>): Promise<number> {
  let ctx: CommandContext | undefined;
  try {
    ctx = createContext(flags, signal);
    return await action(ctx);
  } catch (error) {
    const code = exitCodeFor(error, signal);
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    const errorCode = isSchemaInitError(error) ? error.code : code === EXIT_CODES.INTERRUPTED ? "INTERRUPTED" : "INTERNAL";
    if (ctx) ctx.logger.error(message, { code: errorCode, exitCode: code });
    else process.stderr.write(`${message}\n`);
    if (code === EXIT_CODES.INTERNAL && error instanceof Error && error.stack) process.stderr.write(`${redactSecrets(error.stack)}\n`);
    if (flags.json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code: errorCode, exitCode: code, message, ...(isSchemaInitError(error) ? { context: error.context } : {}) } })}\n`);
    return code;
  }
}

function exitCodeFor(error: unknown, signal: AbortSignal): number {
  if (isSchemaInitError(error)) return EXIT_CODES[error.code];
  if (signal.aborted) return EXIT_CODES.INTERRUPTED;
  return EXIT_CODES.INTERNAL;
}
