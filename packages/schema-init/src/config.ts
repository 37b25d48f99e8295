import { statSync } from "node:fs";

import { manifestPath, migrationsDir } from "@netraven/db-schema/core";
import {
  configError,
  envBoolean,
  envDatabaseUrl,
  envDurationMs,
  envEnum,
  envIdentifier,
  envLogFormat,
  envLogLevel,
  envString,
  isNetravenError,
  parseEnv,
  resolveFileSecrets,
} from "@netraven/runtime";
import * as z from "zod";

// Environment variables schema-init reads. Flags override them (src/cli.ts);
// the shared ones (DATABASE_URL, DATABASE_SCHEMA, booleans, durations,
// LOG_LEVEL, LOG_FORMAT) use the runtime's helpers, so every NetRaven program
// accepts the same spellings. This is the only module that reads process.env.

const isKind = (kind: "directory" | "file") => (p: string) => {
  try {
    return kind === "directory" ? statSync(p).isDirectory() : statSync(p).isFile();
  } catch {
    return false;
  }
};

/** Secrets that may come from a file: `ADMIN_PASSWORD_FILE` (Docker/Kubernetes secrets). */
const FILE_SECRETS = ["ADMIN_PASSWORD"] as const;

export const ConfigSchema = z.object({
  /** PostgreSQL connection string (direct, not through a transaction pooler: advisory locks need a session). */
  DATABASE_URL: envDatabaseUrl({ required: true }),
  /** Schema that holds the tables; used both to migrate and to validate. */
  DATABASE_SCHEMA: envIdentifier("public"),
  /** Give up waiting for the database after this long. */
  SCHEMA_INIT_WAIT_TIMEOUT_MS: envDurationMs(60_000),
  /** Give up waiting for another run's lock after this long. */
  SCHEMA_INIT_LOCK_TIMEOUT_MS: envDurationMs(300_000),
  /** "wait" polls for the lock; "fail" exits at once when another run holds it. */
  SCHEMA_INIT_LOCK_MODE: envEnum(["wait", "fail"], "wait").transform((v) => v as "wait" | "fail"),
  /** Create the target database when it does not exist and the role may. */
  SCHEMA_INIT_CREATE_DATABASE: envBoolean(true),
  /** Seed defaults (settings, default tag, admin user). */
  SCHEMA_INIT_SEED: envBoolean(true),
  ADMIN_USERNAME: envString("admin").pipe(z.string().min(1, "must not be empty").max(50, "must be at most 50 characters")),
  ADMIN_EMAIL: envString("admin@netraven.local").pipe(z.email("must be an e-mail address")),
  /** Initial admin password (or ADMIN_PASSWORD_FILE); else a random one, printed once on stdout. */
  ADMIN_PASSWORD: envString().pipe(z.string().min(12, "must be at least 12 characters").optional()),
  /** Directory of `<name>/migration.sql` folders to apply and compare with. */
  SCHEMA_INIT_MIGRATIONS_DIR: envString(migrationsDir).pipe(
    z.string().refine(isKind("directory"), "is not a directory (--migrations-dir): point it at the folder holding <name>/migration.sql directories"),
  ),
  /** Schema manifest (JSON) the database is validated against; give one that matches the migrations. */
  SCHEMA_INIT_MANIFEST: envString(manifestPath).pipe(z.string().refine(isKind("file"), "is not a file (--manifest): point it at a schema-manifest.json")),
  LOG_FORMAT: envLogFormat(),
  LOG_LEVEL: envLogLevel(),
});

export type Config = z.infer<typeof ConfigSchema>;

/**
 * Parses the environment (plus overrides from flags) once and reports every
 * problem at once, `_FILE` secrets included, as one ConfigError (exit 78).
 * Values are never echoed back, since some are secrets.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<keyof Config, unknown>> = {}): Readonly<Config> {
  const problems: string[] = [];
  let input: Record<string, string | undefined> = env;
  try {
    input = resolveFileSecrets(env, FILE_SECRETS);
  } catch (error) {
    problems.push(...problemsOf(error));
  }
  try {
    const config = parseEnv(ConfigSchema, input, overrides);
    if (problems.length === 0) return config;
  } catch (error) {
    problems.push(...problemsOf(error));
  }
  throw configError(problems);
}

function problemsOf(error: unknown): string[] {
  const problems = isNetravenError(error) ? error.context.problems : undefined;
  if (Array.isArray(problems)) return problems.map(String);
  throw error;
}
