import path from "node:path";

import type { LogFormat, LogLevel } from "@netraven/runtime";
import {
  configError,
  envBoolean,
  envDatabaseUrl,
  envDurationMs,
  envEnum,
  envIdentifier,
  envInteger,
  envLogFormat,
  envString,
  LOG_LEVELS,
  parseEnv,
  resolveFileSecrets,
} from "@netraven/runtime";
import { Cron } from "croner";
import { z } from "zod";

import type { Compression } from "./pg/compression.js";
import { parseCompression } from "./pg/compression.js";
import type { RetentionPolicy } from "./retention/plan-retention.js";

// The only module that reads process.env (HS-10). Precedence: flags > env > defaults.
// The shared variables (DATABASE_URL, DATABASE_SCHEMA, LOG_LEVEL, LOG_FORMAT,
// booleans, durations) go through @netraven/runtime's helpers: one set of
// spellings for every NetRaven program, every problem reported at once, values
// never echoed. Empty strings count as unset, so `FOO=` in compose means "default".

const unset = (v: unknown) => (v === "" || v === null ? undefined : v);
const count = (fallback: number, min = 0, max = 10_000) => envInteger(fallback, { min, max });

/** Connection strings that may come from a mounted secret file (`DATABASE_URL_FILE`). */
const FILE_SECRETS = ["DATABASE_URL", "BACKUP_SCRATCH_DATABASE_URL"] as const;

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const isCron = (expr: string) => {
  try {
    new Cron(expr, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
};

/**
 * Where backups live unless BACKUP_DIR says otherwise: absolute, so every
 * command sees the same backups from whatever directory it is started in
 * (the FHS place for a service's state; the Docker image sets /backups).
 */
export const DEFAULT_BACKUP_DIR = "/var/lib/netraven/backups";

/**
 * How long a command waits for PostgreSQL by default: 5 minutes, so a nightly
 * run outlasts a database restart or failover instead of missing its night
 * (pass --wait-timeout 0 for one attempt).
 */
export const DEFAULT_WAIT_TIMEOUT_MS = 300_000;

/** Every environment variable the package reads, with its default. */
export const ConfigSchema = z.object({
  /** Database to back up (and where runs are recorded), and the server restores and restore tests go to. Required by create/verify --restore-test/restore/schedule. */
  DATABASE_URL: envDatabaseUrl(),
  /** PostgreSQL schema holding `_prisma_migrations`, `backup_runs` and the NetRaven tables. */
  DATABASE_SCHEMA: envIdentifier("public"),
  /** Directory holding backups, their manifests, the lock and the schedule state. */
  BACKUP_DIR: envString(DEFAULT_BACKUP_DIR).transform((v) => v ?? DEFAULT_BACKUP_DIR),
  /** pg_dump archive format. */
  BACKUP_FORMAT: envEnum(["custom", "directory"], "custom"),
  /** `gzip[:1-9]`, `zstd[:1-22]`, `lz4[:1-12]` or `none`. zstd and lz4 need pg_dump 16+. */
  BACKUP_COMPRESSION: z.preprocess(unset, z.string().default("gzip:1")).transform((v, ctx) => {
    const parsed = parseCompression(v);
    if (typeof parsed !== "string") return parsed;
    ctx.addIssue({ code: "custom", message: parsed });
    return z.NEVER;
  }),
  /** Parallel jobs for directory-format dumps and for restores. */
  BACKUP_JOBS: count(1, 1, 256),
  /** Dump roles and tablespaces (`pg_dumpall --globals-only`) next to each backup when the role may. */
  BACKUP_GLOBALS: envBoolean(true),
  /** Count rows per table (in the dump's snapshot) for the manifest and restore tests. */
  BACKUP_ROW_COUNTS: envBoolean(true),
  /** Retention: keep the N newest backups. */
  BACKUP_KEEP_LAST: count(7),
  /** Retention: keep the newest backup of each of the last N days that have one. */
  BACKUP_KEEP_DAILY: count(7),
  /** Retention: the same per ISO week. */
  BACKUP_KEEP_WEEKLY: count(4),
  /** Retention: the same per calendar month. */
  BACKUP_KEEP_MONTHLY: count(6),
  /** Retention: delete backups older than this many days (0 = no age limit). Floor and pins still win. */
  BACKUP_MAX_AGE_DAYS: count(0, 0, 36_500),
  /** Retention floor: the N newest verified backups are never deleted. */
  BACKUP_MIN_KEEP: count(3, 1),
  /** Retention: a never-verified backup is kept this many hours waiting for a verify; after that no rule keeps it. */
  BACKUP_UNVERIFIED_MAX_AGE_HOURS: count(72, 1, 87_600),
  /** Cron expression for `schedule` (5 fields, or 6 with seconds). */
  BACKUP_SCHEDULE: z.preprocess(unset, z.string().default("0 2 * * *")).refine(isCron, "is not a valid cron expression"),
  /** Time zone for the schedule and for retention's day/week/month buckets. */
  BACKUP_TIMEZONE: z.preprocess(unset, z.string().default("UTC")).refine(isTimeZone, "is not an IANA time zone"),
  /** `schedule` runs one backup immediately at start. */
  BACKUP_RUN_ON_START: envBoolean(false),
  /** `schedule` adds a test restore to every Nth verified run (0 = never, 1 = always). */
  BACKUP_RESTORE_TEST_EVERY: count(7),
  /** Server for test restores (a connection string to any database there). Defaults to DATABASE_URL's server. */
  BACKUP_SCRATCH_DATABASE_URL: envDatabaseUrl(),
  /** `health` fails when the last verified backup is older than this (the API's status page reads the same variable, same spelling). */
  BACKUP_HEALTH_MAX_AGE_HOURS: z.preprocess(unset, z.coerce.number().positive().max(8760).default(26)),
  /** `health` fails when the last verified backup is smaller than this. */
  BACKUP_HEALTH_MIN_BYTES: envInteger(1, { min: 0 }),
  /** How long a writing command waits for another run's lock (0 = fail at once). */
  BACKUP_LOCK_TIMEOUT_MS: envDurationMs(0),
  /** How long a command waits for PostgreSQL to accept connections before exit 69 (0 = one attempt). */
  BACKUP_WAIT_TIMEOUT_MS: envDurationMs(DEFAULT_WAIT_TIMEOUT_MS),
  /** Upper bound for one pg_dump/pg_restore run (0 = none). */
  BACKUP_TIMEOUT_MS: envDurationMs(6 * 60 * 60 * 1000),
  /** Directory with pg_dump/pg_restore/pg_dumpall. When set, nothing else is searched. */
  PG_BIN: envString(),
  /** Lowest log level written: debug, info, warn or error. Unset: info (debug with LOG_VERBOSE). */
  LOG_LEVEL: envEnum(LOG_LEVELS),
  /** Log lines as text, pretty (coloured on a terminal) or json (log format v1). */
  LOG_FORMAT: envLogFormat("text"),
  /** @deprecated Use LOG_LEVEL=debug. Kept as an alias: true means LOG_LEVEL=debug unless LOG_LEVEL is set. */
  LOG_VERBOSE: envBoolean(false),
});

/** The validated configuration, in the shape the library functions take. */
export interface Config {
  databaseUrl: string | undefined;
  schema: string;
  backupDir: string;
  format: "custom" | "directory";
  compression: Compression;
  jobs: number;
  globals: boolean;
  rowCounts: boolean;
  retention: RetentionPolicy;
  schedule: string;
  timeZone: string;
  runOnStart: boolean;
  restoreTestEvery: number;
  scratchDatabaseUrl: string | undefined;
  healthMaxAgeHours: number;
  healthMinBytes: number;
  lockTimeoutMs: number;
  /** How long to wait for PostgreSQL (BACKUP_WAIT_TIMEOUT_MS). */
  waitTimeoutMs: number;
  timeoutMs: number;
  pgBin: string | undefined;
  /** PATH, searched for pg_dump when PG_BIN is unset. */
  searchPath: string;
  /** Environment handed to child processes: ours minus every PG* variable, so only the URL decides where they connect. */
  childEnv: Record<string, string>;
  logFormat: LogFormat;
  logLevel: LogLevel;
}

/** The environment variable names {@link loadConfig} accepts as overrides (CLI flags map onto them). */
export type ConfigKey = keyof z.input<typeof ConfigSchema>;

/**
 * Parses the environment plus overrides (CLI flags, keyed by variable name)
 * once, reporting every problem at once as the runtime's ConfigError (exit 78).
 * `DATABASE_URL_FILE` / `BACKUP_SCRATCH_DATABASE_URL_FILE` name files holding
 * the URL (Docker/Kubernetes secrets).
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Record<ConfigKey, string | number | boolean | undefined>> = {},
): Readonly<Config> {
  const resolved = resolveFileSecrets(env, FILE_SECRETS);
  const c = parseEnv(ConfigSchema, resolved, overrides);
  return Object.freeze({
    databaseUrl: c.DATABASE_URL,
    schema: c.DATABASE_SCHEMA,
    backupDir: path.resolve(c.BACKUP_DIR),
    format: c.BACKUP_FORMAT ?? "custom",
    compression: c.BACKUP_COMPRESSION,
    jobs: c.BACKUP_JOBS,
    globals: c.BACKUP_GLOBALS,
    rowCounts: c.BACKUP_ROW_COUNTS,
    retention: {
      keepLast: c.BACKUP_KEEP_LAST,
      keepDaily: c.BACKUP_KEEP_DAILY,
      keepWeekly: c.BACKUP_KEEP_WEEKLY,
      keepMonthly: c.BACKUP_KEEP_MONTHLY,
      maxAgeDays: c.BACKUP_MAX_AGE_DAYS,
      minKeep: c.BACKUP_MIN_KEEP,
      unverifiedMaxAgeHours: c.BACKUP_UNVERIFIED_MAX_AGE_HOURS,
    },
    schedule: c.BACKUP_SCHEDULE,
    timeZone: c.BACKUP_TIMEZONE,
    runOnStart: c.BACKUP_RUN_ON_START,
    restoreTestEvery: c.BACKUP_RESTORE_TEST_EVERY,
    scratchDatabaseUrl: c.BACKUP_SCRATCH_DATABASE_URL,
    healthMaxAgeHours: c.BACKUP_HEALTH_MAX_AGE_HOURS,
    healthMinBytes: c.BACKUP_HEALTH_MIN_BYTES,
    lockTimeoutMs: c.BACKUP_LOCK_TIMEOUT_MS,
    waitTimeoutMs: c.BACKUP_WAIT_TIMEOUT_MS,
    timeoutMs: c.BACKUP_TIMEOUT_MS,
    pgBin: c.PG_BIN,
    searchPath: env.PATH ?? "",
    childEnv: Object.fromEntries(
      Object.entries(env).filter((e): e is [string, string] => typeof e[1] === "string" && !e[0].startsWith("PG")),
    ),
    logFormat: c.LOG_FORMAT,
    logLevel: c.LOG_LEVEL ?? (c.LOG_VERBOSE ? "debug" : "info"),
  });
}

/** Returns the database URL or explains how to set it. */
export function requireDatabaseUrl(config: Pick<Config, "databaseUrl">): string {
  if (!config.databaseUrl) {
    throw configError([
      "DATABASE_URL: is not set; set it to postgresql://USER:PASSWORD@HOST:5432/DATABASE (the password is read from the environment only, never from a flag)",
    ]);
  }
  return config.databaseUrl;
}
