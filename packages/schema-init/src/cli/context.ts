import type { CommandContext as CliContext, Logger } from "@netraven/runtime";
import { createLogger } from "@netraven/runtime";

import type { Config } from "../config.js";
import { loadConfig } from "../config.js";

/** Global flags shared by every command. */
export interface GlobalFlags {
  schema?: string;
  waitTimeout?: string;
  lockTimeout?: string;
  lockMode?: string;
  migrationsDir?: string;
  manifest?: string;
  logFormat?: string;
  verbose?: boolean;
}

/** What a command needs: parsed config, a logger, the abort signal and the result stream. */
export interface CommandContext {
  config: Readonly<Config>;
  logger: Logger;
  /** `--json`: print the result with {@link CommandContext.printJson}. */
  json: boolean;
  signal: AbortSignal;
  /** A text result line on stdout; logs go to stderr. */
  out: (text: string) => void;
  /** The result as versioned JSON on stdout. */
  printJson: CliContext["printJson"];
}

/** Builds the context once per invocation from the runner's: flags override the environment. */
export function createContext(cli: CliContext): CommandContext {
  const flags = cli.options as GlobalFlags;
  const config = loadConfig(undefined, {
    DATABASE_SCHEMA: flags.schema,
    SCHEMA_INIT_WAIT_TIMEOUT_MS: flags.waitTimeout,
    SCHEMA_INIT_LOCK_TIMEOUT_MS: flags.lockTimeout,
    SCHEMA_INIT_LOCK_MODE: flags.lockMode,
    SCHEMA_INIT_MIGRATIONS_DIR: flags.migrationsDir,
    SCHEMA_INIT_MANIFEST: flags.manifest,
    LOG_FORMAT: flags.logFormat,
    LOG_LEVEL: flags.verbose ? "debug" : undefined,
  });
  // Literal secrets, cut out of log lines and error reports wherever they appear (a driver error quoting the password alone).
  const secrets = [...passwordsOf(config.DATABASE_URL), config.ADMIN_PASSWORD].filter((s): s is string => Boolean(s));
  cli.addSecrets(...secrets);
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, secrets });
  cli.useLogger(logger, { format: config.LOG_FORMAT });
  return {
    config,
    logger,
    json: cli.json,
    signal: cli.signal,
    out: (text) => cli.io.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    printJson: cli.printJson,
  };
}

function passwordsOf(url: string): string[] {
  const raw = new URL(url).password;
  if (!raw) return [];
  try {
    return [raw, decodeURIComponent(raw)];
  } catch {
    return [raw];
  }
}
