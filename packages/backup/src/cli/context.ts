import type { Command } from "commander";

import type { Config, ConfigKey } from "../config.js";
import { loadConfig } from "../config.js";
import type { Logger } from "../logger.js";
import { createLogger } from "../logger.js";
import { connectionPassword } from "../pg/connection-env.js";
import type { Progress } from "../progress/table-progress.js";
import { createProgressRenderer } from "./progress-renderer.js";

/** The process's streams and cancellation, injected so the CLI is testable in-process. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
}

/** What every command action gets. */
export interface CliContext {
  config: Readonly<Config>;
  logger: Logger;
  /** `--json`: print the result as JSON on stdout. */
  json: boolean;
  io: CliIo;
  /** Renders progress on stderr: a bar on a terminal, JSON lines with --json or LOG_FORMAT=json; undefined when nobody asked. */
  onProgress: ((progress: Progress) => void) | undefined;
}

/** Global flags -> configuration variables. */
const GLOBAL_FLAGS: Record<string, ConfigKey> = {
  backupDir: "BACKUP_DIR",
  lockTimeout: "BACKUP_LOCK_TIMEOUT_MS",
  pgBin: "PG_BIN",
  logFormat: "LOG_FORMAT",
  verbose: "LOG_VERBOSE",
};

/**
 * Loads the configuration with the flags the user actually typed on top
 * (defaults of negatable flags such as --no-globals must not mask the
 * environment) and builds a logger that redacts the database passwords.
 */
export function createCliContext(cmd: Command, flags: Record<string, ConfigKey>, io: CliIo): CliContext {
  const overrides: Partial<Record<ConfigKey, string | number | boolean>> = {};
  const values = cmd.optsWithGlobals<Record<string, string | number | boolean>>();
  for (const [option, key] of Object.entries({ ...GLOBAL_FLAGS, ...flags })) {
    if (cmd.getOptionValueSourceWithGlobals(option) === "cli") overrides[key] = values[option]!;
  }
  const config = loadConfig(undefined, overrides);
  const secrets = [config.databaseUrl, config.scratchDatabaseUrl]
    .filter((u): u is string => Boolean(u))
    .map((u) => {
      try {
        return connectionPassword(u);
      } catch {
        return undefined;
      }
    })
    .filter((s): s is string => Boolean(s));
  const logger = createLogger({ format: config.logFormat, verbose: config.verbose, stream: io.stderr, secrets });
  io.signal.addEventListener("abort", () => logger.warn(`received ${String(io.signal.reason)}; stopping (send it again to exit at once)`), { once: true });
  const json = values.json === true;
  const mode = json || config.logFormat === "json" ? "json" : io.stderr.isTTY ? "bar" : "none";
  // Undefined when nothing is shown, so no progress is tracked (and no extra connection opened) for nothing.
  return { config, logger, json, io, onProgress: mode === "none" ? undefined : createProgressRenderer(io.stderr, mode) };
}
