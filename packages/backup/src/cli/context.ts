import type { CommandContext, Logger } from "@netraven/runtime";
import { createLogger } from "@netraven/runtime";

import type { Config, ConfigKey } from "../config.js";
import { loadConfig } from "../config.js";
import type { RunRecorder } from "../history/run-recorder.js";
import { createRunRecorder } from "../history/run-recorder.js";
import { connectionPassword } from "../pg/connection-env.js";
import type { Progress } from "../progress/table-progress.js";
import { createProgressRenderer } from "./progress-renderer.js";

/** What every command body gets: the runner's context plus configuration, logger, progress and run history. */
export interface CliContext {
  config: Readonly<Config>;
  logger: Logger;
  /** `--json`: print the result with `printJson` on stdout. */
  json: boolean;
  io: CommandContext["io"];
  /** Aborted on the first SIGINT/SIGTERM. */
  signal: AbortSignal;
  printJson: CommandContext["printJson"];
  /** Renders progress on stderr: a bar on a terminal, JSON lines with --json or LOG_FORMAT=json; undefined when nobody asked. */
  onProgress: ((progress: Progress) => void) | undefined;
  /** Writes runs into DATABASE_URL's `backup_runs` (undefined without DATABASE_URL). */
  recorder: RunRecorder | undefined;
}

/** Global flags -> configuration variables. */
const GLOBAL_FLAGS: Record<string, ConfigKey> = {
  backupDir: "BACKUP_DIR",
  lockTimeout: "BACKUP_LOCK_TIMEOUT_MS",
  waitTimeout: "BACKUP_WAIT_TIMEOUT_MS",
  pgBin: "PG_BIN",
  logFormat: "LOG_FORMAT",
  logLevel: "LOG_LEVEL",
  verbose: "LOG_VERBOSE",
};

/**
 * Loads the configuration with the flags the user actually typed on top
 * (defaults of negatable flags such as --no-globals must not mask the
 * environment) and builds the runtime logger, which redacts the database
 * passwords; the runner cuts them out of error reports too.
 */
export function createCliContext(run: CommandContext, flags: Record<string, ConfigKey>): CliContext {
  const overrides: Partial<Record<ConfigKey, string | number | boolean>> = {};
  const values = run.options as Record<string, string | number | boolean>;
  for (const [option, key] of Object.entries({ ...GLOBAL_FLAGS, ...flags })) {
    if (run.command.getOptionValueSourceWithGlobals(option) === "cli") overrides[key] = values[option]!;
  }
  const config = loadConfig(undefined, overrides);
  const secrets = [config.databaseUrl, config.scratchDatabaseUrl].map(passwordOf).filter((s): s is string => Boolean(s));
  run.addSecrets(...secrets);
  const logger = createLogger({ format: config.logFormat, level: config.logLevel, stream: run.io.stderr, secrets });
  // The runner's "stopping" line and a failure's report go through the log format, so a LOG_FORMAT=json stream stays all JSON.
  run.useLogger(logger, { format: config.logFormat });
  const mode = run.json || config.logFormat === "json" ? "json" : run.io.stderr.isTTY ? "bar" : "none";
  return {
    config,
    logger,
    json: run.json,
    io: run.io,
    signal: run.signal,
    printJson: run.printJson,
    // Undefined when nothing is shown, so no progress is tracked (and no extra connection opened) for nothing.
    onProgress: mode === "none" ? undefined : createProgressRenderer(run.io.stderr, mode),
    recorder: config.databaseUrl ? createRunRecorder({ databaseUrl: config.databaseUrl, schema: config.schema, dir: config.backupDir, logger }) : undefined,
  };
}

function passwordOf(url: string | undefined): string | undefined {
  try {
    return url ? connectionPassword(url) : undefined;
  } catch {
    return undefined;
  }
}
