#!/usr/bin/env node
import { Command, CommanderError, Option } from "commander";

import type { CommandContext, GlobalFlags } from "./cli/context.js";
import { EXIT_CODES, exitCodeHelp } from "./cli/exit-codes.js";
import { runCommand } from "./cli/run-command.js";
import { registerPlan } from "./commands/plan.js";
import { registerResolve } from "./commands/resolve.js";
import { registerStatus } from "./commands/status.js";
import { registerUp } from "./commands/up.js";
import { registerValidate } from "./commands/validate.js";

const ENVIRONMENT_HELP = `Environment:
  DATABASE_URL                  postgresql://user:password@host:5432/db (required; direct, not through a transaction pooler)
  DATABASE_SCHEMA               schema holding the tables (default public)
  SCHEMA_INIT_WAIT_TIMEOUT_MS   deadline for the database (default 60000)
  SCHEMA_INIT_LOCK_TIMEOUT_MS   deadline for another run's lock (default 300000)
  SCHEMA_INIT_LOCK_MODE         wait | fail (default wait)
  SCHEMA_INIT_MIGRATIONS_DIR    migrations to apply (default: the ones shipped with @netraven/db-schema)
  SCHEMA_INIT_MANIFEST          schema manifest to validate against (default: the shipped one)
  SCHEMA_INIT_CREATE_DATABASE   create a missing database (default true)
  SCHEMA_INIT_SEED              seed defaults (default true)
  ADMIN_USERNAME, ADMIN_EMAIL   first admin (default admin, admin@netraven.local)
  ADMIN_PASSWORD[_FILE]         first admin's password (else generated and printed once)
  LOG_FORMAT                    text | json (default text); logs go to stderr, results to stdout`;

async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // First signal: stop waiting and let the run clean up (release the lock,
    // close connections). A second one exits at once.
    if (interrupted) process.exit(EXIT_CODES.INTERRUPTED);
    interrupted = true;
    controller.abort(new Error(`Interrupted by ${signal}`));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  let exitCode: number = EXIT_CODES.OK;
  const program = new Command("schema-init")
    .description("Bring a PostgreSQL database to the NetRaven schema: wait, lock, migrate, validate, seed.")
    .option("--schema <name>", "schema holding the tables (DATABASE_SCHEMA)")
    .option("--wait-timeout <ms>", "give up waiting for the database after <ms> (SCHEMA_INIT_WAIT_TIMEOUT_MS)")
    .option("--lock-timeout <ms>", "give up waiting for the schema lock after <ms> (SCHEMA_INIT_LOCK_TIMEOUT_MS)")
    .addOption(new Option("--lock-mode <mode>", "wait for another run's lock, or fail at once").choices(["wait", "fail"]))
    .option("--migrations-dir <dir>", "directory of <name>/migration.sql folders (SCHEMA_INIT_MIGRATIONS_DIR)")
    .option("--manifest <file>", "schema manifest to validate against; give one matching --migrations-dir (SCHEMA_INIT_MANIFEST)")
    .addOption(new Option("--log-format <format>", "log lines on stderr").choices(["text", "json"]))
    .option("--json", "print the result as JSON on stdout")
    .option("--verbose", "debug logging")
    .showHelpAfterError()
    .exitOverride()
    .addHelpText("after", `\n${ENVIRONMENT_HELP}\n\n${exitCodeHelp()}`);
  const run = async (action: (ctx: CommandContext) => Promise<number>) => {
    exitCode = await runCommand(program.opts<GlobalFlags>(), controller.signal, action);
  };
  for (const register of [registerUp, registerStatus, registerValidate, registerPlan, registerResolve]) register(program, run);
  for (const command of program.commands) command.exitOverride();

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODES.OK : EXIT_CODES.USAGE;
    throw error;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

// `... | head` closes the pipe early: that is the reader being done, not a
// reason to crash or to abandon a migration or dump half-way. Output is dropped.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  });
}

// `pnpm --filter schema-init start -- status` passes the "--" through.
const argv = process.argv[2] === "--" ? [...process.argv.slice(0, 2), ...process.argv.slice(3)] : process.argv;

main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`schema-init: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT_CODES.INTERNAL;
  },
);
