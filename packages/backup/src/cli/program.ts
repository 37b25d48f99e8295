import type { CliIo, RunAction } from "@netraven/runtime";
import { LOG_FORMATS, LOG_LEVELS, runCli } from "@netraven/runtime";
import type { Command } from "commander";
import { Option } from "commander";

import { createCommand } from "../commands/create.js";
import { healthCommand } from "../commands/health.js";
import { listCommand } from "../commands/list.js";
import { pinCommands } from "../commands/pin.js";
import { pruneCommand } from "../commands/prune.js";
import { restoreCommand } from "../commands/restore.js";
import { scheduleCommand } from "../commands/schedule.js";
import { verifyCommand } from "../commands/verify.js";
import { DEFAULT_WAIT_TIMEOUT_MS } from "../config.js";
import { TOOL_VERSION } from "../version.js";
import { BACKUP_EXIT_CODE_ROWS } from "./exit-codes.js";

const ENV_HELP = `Environment (docs/backup.md lists every variable):
  DATABASE_URL[_FILE]        database to back up; the password is read from the environment only
  BACKUP_DIR                 backup directory (--backup-dir)
  BACKUP_WAIT_TIMEOUT_MS     wait this long for PostgreSQL, then exit 69 (--wait-timeout; default ${DEFAULT_WAIT_TIMEOUT_MS})
  LOG_LEVEL, LOG_FORMAT      debug|info|warn|error, text|pretty|json (--log-level, --log-format)`;

/** Adds the global options and every command to `program` (the runtime runner adds --json and --version). */
export function configureProgram(program: Command, run: RunAction): void {
  program
    .addOption(new Option("--log-format <format>", "log lines on stderr: text, pretty or json (LOG_FORMAT)").choices(LOG_FORMATS))
    .addOption(new Option("--log-level <level>", "lowest level logged (LOG_LEVEL)").choices(LOG_LEVELS))
    .option("--verbose", "same as --log-level debug (LOG_VERBOSE, deprecated)")
    .option("--backup-dir <dir>", "backup directory (BACKUP_DIR)")
    .option("--wait-timeout <ms>", "wait this long for PostgreSQL to accept connections, then exit 69 (BACKUP_WAIT_TIMEOUT_MS)")
    .option("--lock-timeout <ms>", "wait this long for another run's lock (BACKUP_LOCK_TIMEOUT_MS)")
    .option("--pg-bin <dir>", "directory of pg_dump/pg_restore; nothing else is searched (PG_BIN)");
  for (const command of [
    createCommand(run),
    listCommand(run),
    verifyCommand(run),
    restoreCommand(run),
    pruneCommand(run),
    ...pinCommands(run),
    scheduleCommand(run),
    healthCommand(run),
  ]) {
    program.addCommand(command);
  }
}

/** Options for {@link runBackupCli}. */
export interface RunBackupCliOptions {
  /** @default process.argv.slice(2) */
  argv?: string[];
  /** @default process.stdout / process.stderr */
  io?: CliIo;
  /** Install SIGINT/SIGTERM handlers. @default true */
  handleSignals?: boolean;
  signal?: AbortSignal;
}

/**
 * Runs `netraven-backup` on the runtime's CLI runner (signals, broken pipes,
 * a leading `--`, --version, --help with the exit-code table, short usage
 * errors, --json errors) and resolves to the exit code.
 */
export function runBackupCli(options: RunBackupCliOptions = {}): Promise<number> {
  return runCli({
    name: "netraven-backup",
    version: TOOL_VERSION,
    description: "PostgreSQL backups for NetRaven: create, verify, restore, prune, schedule. Configured from the environment (see docs/backup.md); flags win.",
    exitCodeRows: BACKUP_EXIT_CODE_ROWS,
    envHelp: ENV_HELP,
    configure: configureProgram,
    ...options,
  });
}
