import type { Command } from "commander";
import { Command as CommanderCommand, CommanderError } from "commander";

import type { CliIo } from "./cli-output.js";
import { printJson, reportError, shortUsageMessage } from "./cli-output.js";
import { ignoreBrokenPipes, installSignalHandlers } from "./cli-signals.js";
import type { ExitCodeRow } from "./exit-codes.js";
import { EXIT_CODES, formatExitCodeTable } from "./exit-codes.js";
import type { LogFormat, Logger } from "./logger.js";

/** What a command action gets from the runner. */
export interface CommandContext {
  /** Aborted (with an InterruptedError) on the first SIGINT/SIGTERM. */
  signal: AbortSignal;
  io: CliIo;
  /** `--json` was given: print the result with `printJson`. */
  json: boolean;
  /** Positional arguments, in order. */
  args: string[];
  /** The command's options merged with the global ones. */
  options: Record<string, unknown>;
  /** The commander command that runs. */
  command: Command;
  /** Writes the result as versioned JSON on stdout. */
  printJson(result: Record<string, unknown> & { version?: never }): void;
  /** Literal secrets (a password from DATABASE_URL) the error report must cut out. */
  addSecrets(...secrets: (string | undefined)[]): void;
  /**
   * The command's logger: the runner's "received SIGTERM" line then goes through it, in the command's log format;
   * with `format: "json"` a failure is reported as a JSON log line too.
   */
  useLogger(logger: Pick<Logger, "warn">, options?: { format?: LogFormat }): void;
}

/** Wraps a command body for `command.action(...)`; the body returns the exit code (void = 0). */
export type RunAction = (body: (ctx: CommandContext) => Promise<number | void>) => (...received: unknown[]) => Promise<void>;

/** Options for {@link runCli}. */
export interface RunCliOptions {
  /** Program name: the bin name, the prefix of error lines. */
  name: string;
  version: string;
  description: string;
  /** The program's own exit-code rows, added to the shared table in --help. @default [] */
  exitCodeRows?: readonly ExitCodeRow[];
  /** An "Environment:" help block, printed before the exit codes. */
  envHelp?: string;
  /** Adds options and commands to the program; wrap each action body with `run`. */
  configure(program: Command, run: RunAction): void;
  /** Arguments after the node and script paths. @default process.argv.slice(2) */
  argv?: string[];
  /** @default process.stdout / process.stderr */
  io?: CliIo;
  /** Install SIGINT/SIGTERM handlers (off for in-process tests). @default true */
  handleSignals?: boolean;
  /** Signal to use instead (with handleSignals false). */
  signal?: AbortSignal;
}

/**
 * The CLI skeleton every NetRaven program shares. Resolves to the exit code;
 * the entry does `runCli(...).then((code) => { process.exitCode = code; })`.
 * Strips one leading `--` (pnpm passes it through), handles signals and
 * broken pipes, prints --version and --help (with the exit-code table),
 * short usage errors (exit 64), and thrown errors via their exit code.
 */
export async function runCli(options: RunCliOptions): Promise<number> {
  const io = options.io ?? { stdout: process.stdout, stderr: process.stderr };
  ignoreBrokenPipes(io.stdout, io.stderr);
  const raw = options.argv ?? process.argv.slice(2);
  const argv = raw[0] === "--" ? raw.slice(1) : raw;
  const controller = new AbortController();
  const signal = options.signal ?? controller.signal;
  const state = {
    exitCode: EXIT_CODES.OK as number,
    json: argv.includes("--json"),
    secrets: [] as string[],
    logger: undefined as Pick<Logger, "warn"> | undefined,
    // Until the command has parsed its configuration (which may be what fails), LOG_FORMAT as set says it: the one
    // variable every program spells and reads alike (HS-10's exception, as for colour); the parsed value then wins.
    // eslint-disable-next-line no-restricted-properties
    logFormat: (process.env.LOG_FORMAT?.trim() === "json" ? "json" : undefined) as LogFormat | undefined,
  };
  // Before a command has its logger (config not parsed yet) the line is plain; after, it is a log line like the others.
  const onFirstSignal = (s: NodeJS.Signals) => {
    const message = `received ${s}; stopping (send it again to exit at once)`;
    if (state.logger) state.logger.warn(message, { signal: s });
    else io.stderr.write(`${options.name}: ${message}\n`);
  };
  const uninstall = options.handleSignals === false ? () => undefined : installSignalHandlers(controller, onFirstSignal);

  const program = new CommanderCommand(options.name)
    .description(options.description)
    .version(options.version, "-V, --version", "print the version")
    .option("--json", "print the result (or the error) as JSON on stdout")
    .addHelpText("after", `\n${options.envHelp ? `${options.envHelp}\n\n` : ""}${formatExitCodeTable(options.exitCodeRows)}`);
  const run: RunAction = (body) => async (...received) => {
    const command = received.at(-1) as Command;
    const merged = command.optsWithGlobals<Record<string, unknown>>();
    state.json ||= merged.json === true;
    const ctx: CommandContext = {
      signal,
      io,
      json: state.json,
      args: received.slice(0, -2).flat().filter((a): a is string => typeof a === "string"),
      options: merged,
      command,
      printJson: (result) => printJson(io, result),
      addSecrets: (...secrets) => state.secrets.push(...secrets.filter((s): s is string => Boolean(s))),
      useLogger: (logger, loggerOptions) => {
        state.logger = logger;
        if (loggerOptions?.format) state.logFormat = loggerOptions.format;
      },
    };
    state.exitCode = (await body(ctx)) ?? EXIT_CODES.OK;
  };
  options.configure(program, run);
  configureTree(program, io);

  try {
    await program.parseAsync(argv, { from: "user" });
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return usageExit(error, state.json, io);
    return reportError(error, { name: options.name, io, json: state.json, signal, secrets: state.secrets, logFormat: state.logFormat });
  } finally {
    uninstall();
  }
}

// Every command: output to io, errors thrown (not process.exit), usage errors as one short line.
function configureTree(command: Command, io: CliIo): void {
  const path = commandPath(command);
  let missingShown = false;
  command.exitOverride().configureOutput({
    writeOut: (s) => io.stdout.write(s),
    // Commander writes to writeErr only the full help it shows when a command
    // group runs without a command (in several chunks): one short line replaces it.
    writeErr: () => {
      if (missingShown) return;
      missingShown = true;
      const names = command.commands.map((c) => c.name()).join(", ");
      io.stderr.write(`${shortUsageMessage(path, `missing command (one of: ${names})`)}\n`);
    },
    outputError: (message) => io.stderr.write(`${shortUsageMessage(path, message)}\n`),
  });
  for (const sub of command.commands) configureTree(sub, io);
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

function usageExit(error: CommanderError, json: boolean, io: CliIo): number {
  // --help and --version.
  if (error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT_CODES.OK;
  if (json) {
    const message = error.message.replace(/^error:\s*/i, "");
    printJson(io, { ok: false, error: { code: "USAGE", exitCode: EXIT_CODES.USAGE, message, retryable: false, context: {} } });
  }
  return EXIT_CODES.USAGE;
}
