import { Command, CommanderError, Option } from "commander";

import { createCommand } from "../commands/create.js";
import { healthCommand } from "../commands/health.js";
import { listCommand } from "../commands/list.js";
import { pinCommands } from "../commands/pin.js";
import { pruneCommand } from "../commands/prune.js";
import { restoreCommand } from "../commands/restore.js";
import { scheduleCommand } from "../commands/schedule.js";
import { verifyCommand } from "../commands/verify.js";
import { isBackupError } from "../errors.js";
import { redact } from "../logger.js";
import { TOOL_VERSION } from "../version.js";
import type { ExitHolder } from "./command-action.js";
import type { CliIo } from "./context.js";
import { EXIT_CODE_HELP, EXIT_CODES, EXIT_INTERNAL, EXIT_USAGE } from "./exit-codes.js";

/** Builds the `netraven-backup` program. */
export function buildProgram(io: CliIo, exit: ExitHolder): Command {
  const program = new Command("netraven-backup")
    .description("PostgreSQL backups for NetRaven: create, verify, restore, prune, schedule. Configured from the environment (see docs/backup.md); flags win.")
    .version(TOOL_VERSION)
    .option("--json", "print results as JSON on stdout")
    .addOption(new Option("--log-format <format>", "log lines on stderr as text or json (LOG_FORMAT)").choices(["text", "json"]))
    .option("--verbose", "debug logging (LOG_VERBOSE)")
    .option("--backup-dir <dir>", "backup directory (BACKUP_DIR)")
    .option("--lock-timeout <ms>", "wait this long for another run's lock (BACKUP_LOCK_TIMEOUT_MS)")
    .option("--pg-bin <dir>", "directory of pg_dump/pg_restore; nothing else is searched (PG_BIN)")
    .addHelpText("after", `\nThe database password is read from DATABASE_URL in the environment only.\n\n${EXIT_CODE_HELP}`)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  const commands = [
    createCommand(io, exit),
    listCommand(io, exit),
    verifyCommand(io, exit),
    restoreCommand(io, exit),
    pruneCommand(io, exit),
    ...pinCommands(io, exit),
    scheduleCommand(io, exit),
    healthCommand(io, exit),
  ];
  for (const command of commands) {
    program.addCommand(command.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) }));
  }
  return program;
}

/**
 * Runs the CLI and returns the exit code: the one top-level error handler.
 * Our errors map through the exit-code table; anything else is a bug (1).
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const exit: ExitHolder = { code: 0 };
  const program = buildProgram(io, exit);
  try {
    // `pnpm --filter backup start -- list --json` hands us a leading "--", after
    // which commander would read every flag as an operand.
    await program.parseAsync(argv[0] === "--" ? argv.slice(1) : argv, { from: "user" });
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    const json = program.opts().json === true;
    if (isBackupError(error)) {
      const code = EXIT_CODES[error.code];
      io.stderr.write(`error: ${error.message}\n`);
      if (json) io.stdout.write(`${JSON.stringify({ ok: false, error: { code: error.code, message: error.message, context: error.context } }, null, 2)}\n`);
      return code;
    }
    // Unexpected: show the stack for the bug report, minus any connection-string password.
    io.stderr.write(`unexpected error (exit ${EXIT_INTERNAL}): ${redact((error as Error)?.stack ?? String(error))}\n`);
    if (json) io.stdout.write(`${JSON.stringify({ ok: false, error: { code: "INTERNAL", message: redact(String(error)) } })}\n`);
    return EXIT_INTERNAL;
  }
}
