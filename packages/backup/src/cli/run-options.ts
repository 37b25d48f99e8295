import type { Config } from "../config.js";
import type { CreateBackupOptions } from "../create/create-backup.js";
import type { PgRunOptions } from "../run-options.js";
import type { CliContext } from "./context.js";

/** The options every command passes to the library, from the configuration and the process. */
export function runOptions(ctx: CliContext): PgRunOptions {
  const { config } = ctx;
  return {
    pgBin: config.pgBin,
    searchPath: config.searchPath,
    childEnv: config.childEnv,
    lockTimeoutMs: config.lockTimeoutMs,
    waitTimeoutMs: config.waitTimeoutMs,
    timeoutMs: config.timeoutMs,
    signal: ctx.signal,
    logger: ctx.logger,
    onProgress: ctx.onProgress,
  };
}

/** What to dump and how, from the configuration (create and schedule). */
export function dumpOptions(config: Readonly<Config>): Pick<CreateBackupOptions, "dir" | "format" | "compression" | "jobs" | "globals" | "rowCounts" | "schema"> {
  return {
    dir: config.backupDir,
    format: config.format,
    compression: config.compression,
    jobs: config.jobs,
    globals: config.globals,
    rowCounts: config.rowCounts,
    schema: config.schema,
  };
}
