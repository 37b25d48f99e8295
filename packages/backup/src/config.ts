import path from "node:path";

import { Cron } from "croner";
import { z } from "zod";

import { ConfigError } from "./errors.js";
import type { Compression } from "./pg/compression.js";
import { parseCompression } from "./pg/compression.js";
import type { RetentionPolicy } from "./retention/plan-retention.js";

// The only module that reads process.env (HS-10). Precedence: flags > env > defaults.
// Empty strings count as unset so `FOO=` in a compose file means "default".

const unset = (v: unknown) => (v === "" || v === null ? undefined : v);
const str = () => z.preprocess(unset, z.string().optional());
const int = (min: number, fallback: number) => z.preprocess(unset, z.coerce.number().int().min(min).default(fallback));
const bool = (fallback: boolean) =>
  z.preprocess(
    (v) => {
      const s = unset(v);
      if (typeof s === "boolean" || s === undefined) return s;
      if (/^(1|true|yes|on)$/i.test(String(s))) return true;
      if (/^(0|false|no|off)$/i.test(String(s))) return false;
      return s;
    },
    z.boolean().default(fallback),
  );

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

/** Every environment variable the package reads, with its default. */
export const ConfigSchema = z.object({
  /** Database to back up, and the server restores and restore tests go to. Required by create/verify --restore-test/restore. */
  DATABASE_URL: str().refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), "must start with postgresql://"),
  /** PostgreSQL schema holding `_prisma_migrations` and the NetRaven tables. */
  DATABASE_SCHEMA: z.preprocess(unset, z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).default("public")),
  /** Directory holding backups, their manifests, the lock and the schedule state. */
  BACKUP_DIR: z.preprocess(unset, z.string().default(DEFAULT_BACKUP_DIR)),
  /** pg_dump archive format. */
  BACKUP_FORMAT: z.preprocess(unset, z.enum(["custom", "directory"]).default("custom")),
  /** `gzip[:1-9]`, `zstd[:1-22]`, `lz4[:1-12]` or `none`. zstd and lz4 need pg_dump 16+. */
  BACKUP_COMPRESSION: z.preprocess(unset, z.string().default("gzip:1")).transform((v, ctx) => {
    const parsed = parseCompression(v);
    if (typeof parsed !== "string") return parsed;
    ctx.addIssue({ code: "custom", message: parsed });
    return z.NEVER;
  }),
  /** Parallel jobs for directory-format dumps and for restores. */
  BACKUP_JOBS: int(1, 1),
  /** Dump roles and tablespaces (`pg_dumpall --globals-only`) next to each backup when the role may. */
  BACKUP_GLOBALS: bool(true),
  /** Count rows per table (in the dump's snapshot) for the manifest and restore tests. */
  BACKUP_ROW_COUNTS: bool(true),
  /** Retention: keep the N newest backups. */
  BACKUP_KEEP_LAST: int(0, 7),
  /** Retention: keep the newest backup of each of the last N days that have one. */
  BACKUP_KEEP_DAILY: int(0, 7),
  /** Retention: the same per ISO week. */
  BACKUP_KEEP_WEEKLY: int(0, 4),
  /** Retention: the same per calendar month. */
  BACKUP_KEEP_MONTHLY: int(0, 6),
  /** Retention: delete backups older than this many days (0 = no age limit). Floor and pins still win. */
  BACKUP_MAX_AGE_DAYS: int(0, 0),
  /** Retention floor: the N newest verified backups are never deleted. */
  BACKUP_MIN_KEEP: int(1, 3),
  /** Retention: a never-verified backup is kept this many hours waiting for a verify; after that no rule keeps it. */
  BACKUP_UNVERIFIED_MAX_AGE_HOURS: int(1, 72),
  /** Cron expression for `schedule` (5 fields, or 6 with seconds). */
  BACKUP_SCHEDULE: z.preprocess(unset, z.string().default("0 2 * * *")).refine(isCron, "is not a valid cron expression"),
  /** Time zone for the schedule and for retention's day/week/month buckets. */
  BACKUP_TIMEZONE: z.preprocess(unset, z.string().default("UTC")).refine(isTimeZone, "is not an IANA time zone"),
  /** `schedule` runs one backup immediately at start. */
  BACKUP_RUN_ON_START: bool(false),
  /** `schedule` adds a test restore to every Nth verified run (0 = never, 1 = always). */
  BACKUP_RESTORE_TEST_EVERY: int(0, 7),
  /** Server for test restores (a connection string to any database there). Defaults to DATABASE_URL's server. */
  BACKUP_SCRATCH_DATABASE_URL: str().refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), "must start with postgresql://"),
  /** `health` fails when the last verified backup is older than this. */
  BACKUP_HEALTH_MAX_AGE_HOURS: z.preprocess(unset, z.coerce.number().positive().default(26)),
  /** `health` fails when the last verified backup is smaller than this. */
  BACKUP_HEALTH_MIN_BYTES: int(0, 1),
  /** How long a writing command waits for another run's lock (0 = fail at once). */
  BACKUP_LOCK_TIMEOUT_MS: int(0, 0),
  /** Upper bound for one pg_dump/pg_restore run (0 = none). */
  BACKUP_TIMEOUT_MS: int(0, 6 * 60 * 60 * 1000),
  /** Directory with pg_dump/pg_restore/pg_dumpall. When set, nothing else is searched. */
  PG_BIN: str(),
  /** Log lines as text or JSON. */
  LOG_FORMAT: z.preprocess(unset, z.enum(["text", "json"]).default("text")),
  /** Emit debug lines. */
  LOG_VERBOSE: bool(false),
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
  timeoutMs: number;
  pgBin: string | undefined;
  /** PATH, searched for pg_dump when PG_BIN is unset. */
  searchPath: string;
  /** Environment handed to child processes: ours minus every PG* variable, so only the URL decides where they connect. */
  childEnv: Record<string, string>;
  logFormat: "text" | "json";
  verbose: boolean;
}

/** The environment variable names {@link loadConfig} accepts as overrides (CLI flags map onto them). */
export type ConfigKey = keyof z.input<typeof ConfigSchema>;

/**
 * Parses the environment plus overrides (CLI flags, keyed by variable name)
 * once, reporting every problem at once as a {@link ConfigError}.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Record<ConfigKey, string | number | boolean | undefined>> = {},
): Readonly<Config> {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const result = ConfigSchema.safeParse({ ...env, ...defined });
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = issue.path.join(".");
        return `${key}: ${issue.message}${key in defined ? " (from a command-line flag)" : ""}`;
      }),
    );
  }
  const c = result.data;
  return Object.freeze({
    databaseUrl: c.DATABASE_URL,
    schema: c.DATABASE_SCHEMA,
    backupDir: path.resolve(c.BACKUP_DIR),
    format: c.BACKUP_FORMAT,
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
    timeoutMs: c.BACKUP_TIMEOUT_MS,
    pgBin: c.PG_BIN,
    searchPath: env.PATH ?? "",
    childEnv: Object.fromEntries(
      Object.entries(env).filter((e): e is [string, string] => typeof e[1] === "string" && !e[0].startsWith("PG")),
    ),
    logFormat: c.LOG_FORMAT,
    verbose: c.LOG_VERBOSE,
  });
}

/** Returns the database URL or explains how to set it. */
export function requireDatabaseUrl(config: Pick<Config, "databaseUrl">): string {
  if (!config.databaseUrl) {
    throw new ConfigError([
      "DATABASE_URL: is not set; set it to postgresql://USER:PASSWORD@HOST:5432/DATABASE (the password is read from the environment only, never from a flag)",
    ]);
  }
  return config.databaseUrl;
}
