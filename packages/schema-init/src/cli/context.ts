import type pg from "pg";

import type { Config } from "../config.js";
import { loadConfig } from "../config.js";
import type { Logger } from "../logger.js";
import { createLogger } from "../logger.js";
import { waitForPostgres } from "../wait/wait-for-postgres.js";

/** Global flags shared by every command. */
export interface GlobalFlags {
  schema?: string;
  waitTimeout?: string;
  lockTimeout?: string;
  lockMode?: string;
  migrationsDir?: string;
  manifest?: string;
  json?: boolean;
  logFormat?: string;
  verbose?: boolean;
}

/** What a command needs: parsed config, a logger and the abort signal. */
export interface CommandContext {
  config: Readonly<Config>;
  logger: Logger;
  json: boolean;
  signal: AbortSignal;
  /** Results go here (stdout); logs go to stderr. */
  out: (text: string) => void;
}

/** Builds the context once per invocation: flags override the environment. */
export function createContext(flags: GlobalFlags, signal: AbortSignal, overrides: Record<string, unknown> = {}): CommandContext {
  const config = loadConfig(undefined, {
    DATABASE_SCHEMA: flags.schema,
    SCHEMA_INIT_WAIT_TIMEOUT_MS: flags.waitTimeout,
    SCHEMA_INIT_LOCK_TIMEOUT_MS: flags.lockTimeout,
    SCHEMA_INIT_LOCK_MODE: flags.lockMode,
    SCHEMA_INIT_MIGRATIONS_DIR: flags.migrationsDir,
    SCHEMA_INIT_MANIFEST: flags.manifest,
    LOG_FORMAT: flags.logFormat,
    LOG_LEVEL: flags.verbose ? "debug" : undefined,
    ...overrides,
  });
  return {
    config,
    logger: createLogger({ format: config.LOG_FORMAT, verbose: config.LOG_LEVEL === "debug" }),
    json: flags.json ?? false,
    signal,
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  };
}

/** Runs `fn` on a connection for read-only commands (no database creation), closing it afterwards. */
export async function withConnection<T>(ctx: CommandContext, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await waitForPostgres({
    url: ctx.config.DATABASE_URL,
    timeoutMs: ctx.config.SCHEMA_INIT_WAIT_TIMEOUT_MS,
    createDatabase: false,
    logger: ctx.logger,
    signal: ctx.signal,
  });
  try {
    if (ctx.config.DATABASE_SCHEMA !== "public") await client.query(`SET search_path TO "${ctx.config.DATABASE_SCHEMA}"`);
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
