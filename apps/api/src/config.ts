import {
  configError,
  envBoolean,
  envDatabaseUrl,
  envDurationMs,
  envEnum,
  envIdentifier,
  envInteger,
  envLogLevel,
  envString,
  LOG_FORMATS,
  parseEnv,
  resolveFileSecrets,
} from "@netraven/runtime";
import { z } from "zod";

// The API's configuration, parsed once from the environment. Only this file
// reads process.env; everything else receives the frozen result. The
// variables every NetRaven program shares (DATABASE_URL, DATABASE_SCHEMA,
// LOG_LEVEL, LOG_FORMAT, booleans, *_MS durations) use the runtime's helpers,
// so they accept the same spellings as schema-init and netraven-backup; empty
// strings count as unset so `FOO=` in a compose file means "use the default".

const unset = (value: unknown) => (value === "" ? undefined : value);

/** Secrets that may also come from a file named by `<NAME>_FILE` (Docker/Kubernetes secrets). */
export const FILE_SECRETS = ["DATABASE_URL", "JWT_SECRET", "ENCRYPTION_KEYS", "ADMIN_PASSWORD"] as const;

/** Durations such as `900`, `900s`, `15m`, `1h`, converted to seconds. */
const DurationSchema = z.preprocess(
  unset,
  z
    .string()
    .regex(/^\d+\s*[smh]?$/, "use seconds or a number with s, m or h (e.g. 15m)")
    .transform((value) => {
      const amount = Number.parseInt(value, 10);
      const unit = value.trim().slice(-1);
      return amount * (unit === "h" ? 3600 : unit === "m" ? 60 : 1);
    })
    .refine((seconds) => seconds >= 60 && seconds <= 86_400, "must be between 1 minute and 24 hours")
    .prefault("15m"),
);

export const ConfigSchema = z.object({
  /** `production` requires real secrets and DATABASE_URL. @default "development" */
  NODE_ENV: envEnum(["development", "production", "test"], "development"),
  /** Listen address; containers set 0.0.0.0. @default "127.0.0.1" */
  HOST: envString("127.0.0.1").transform((v) => v ?? "127.0.0.1"),
  /** Listen port; 0 picks a free one. @default 3000 */
  PORT: envInteger(3000, { min: 0, max: 65_535 }),
  /** PostgreSQL connection string, checked before anything connects. Unset outside production: an embedded PostgreSQL is started. */
  DATABASE_URL: envDatabaseUrl(),
  /** PostgreSQL schema holding the tables. @default "public" */
  DATABASE_SCHEMA: envIdentifier("public"),
  /** Maximum pooled connections. @default 10 */
  DATABASE_POOL_MAX: envInteger(10, { min: 1, max: 100 }),
  /** How long a request waits for a pooled connection before a 503. @default 5000 */
  DATABASE_CONNECTION_TIMEOUT_MS: envDurationMs(5000, { min: 100, max: 60_000 }),
  /**
   * How long start-up waits for PostgreSQL to accept connections before exit 69 (also with
   * SKIP_SCHEMA_INIT); the same variable as schema-init's, which the API runs in-process. @default 60000
   */
  SCHEMA_INIT_WAIT_TIMEOUT_MS: envDurationMs(60_000),
  /** How long start-up waits for another schema-init run holding the schema lock before exit 75 (schema-init's variable). @default 300000 */
  SCHEMA_INIT_LOCK_TIMEOUT_MS: envDurationMs(300_000),
  /** Create DATABASE_URL's database when it does not exist and the role may (schema-init's variable). @default true */
  SCHEMA_INIT_CREATE_DATABASE: envBoolean(true),
  /** HMAC secret for access tokens, at least 32 bytes. Required in production. */
  JWT_SECRET: z.preprocess(unset, z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -base64 48`)").optional()),
  /** Access token lifetime (`15m`, `1h`, seconds). @default "15m" */
  JWT_TTL: DurationSchema,
  /** Keyring for credential secrets: `kid1:<base64 32 bytes>,kid2:<...>`. Required in production. */
  ENCRYPTION_KEYS: envString(),
  /** Key id new secrets are encrypted under. @default the first key of ENCRYPTION_KEYS */
  ENCRYPTION_ACTIVE_KEY_ID: envString(),
  /** Password of the seeded `admin` user; generated on the first run (written to a 0600 file) when unset. */
  ADMIN_PASSWORD: envString(),
  /** debug, info, warn or error. @default "info" */
  LOG_LEVEL: envLogLevel("info"),
  /** `text`, `pretty` (for people, coloured on a terminal) or `json` (log format v1). @default "json" in production, else "pretty" */
  LOG_FORMAT: envEnum(LOG_FORMATS),
  /** Fastify `trustProxy`: `true`, `false`, a hop count or a list of addresses. @default false */
  TRUST_PROXY: z.preprocess(unset, z.string().default("false")),
  /** Skip schema-init at start (the Docker setup runs it as its own service). @default false */
  SKIP_SCHEMA_INIT: envBoolean(false),
  /** Local state (embedded PostgreSQL data, generated development secrets, the first-run admin password). @default "<repo root>/.netraven" */
  NETRAVEN_STATE_DIR: envString(),
  /** Port of the embedded PostgreSQL. @default 54329 */
  NETRAVEN_EMBEDDED_PG_PORT: envInteger(54_329, { min: 1, max: 65_535 }),
  /** Requests per client and window on every route. @default 600 */
  NETRAVEN_RATE_LIMIT_MAX: envInteger(600, { min: 1, max: 1_000_000_000 }),
  /** Login attempts per client and window. @default 10 */
  NETRAVEN_LOGIN_RATE_LIMIT_MAX: envInteger(10, { min: 1, max: 100_000 }),
  /** Rate-limit window. @default 60000 */
  NETRAVEN_RATE_LIMIT_WINDOW_MS: envDurationMs(60_000, { min: 1000, max: 3_600_000 }),
  /** How long /readyz reuses a schema validation result. @default 5000 */
  NETRAVEN_READINESS_CACHE_MS: envDurationMs(5000, { min: 0, max: 600_000 }),
  /**
   * Longest a read request uses this process's copy of its user's row (active, admin, token version). The users
   * triggers' notifications evict a copy in every replica as soon as a change commits; this bounds what they cannot
   * see (a restore with triggers off). 0 turns the copy off: every request reads its user. @default 10000
   */
  NETRAVEN_USER_CACHE_TTL_MS: envDurationMs(10_000, { min: 0, max: 600_000 }),
  /** Event-loop lag at which requests get 503 + Retry-After (load shedding); 0 disables. @default 1000 */
  NETRAVEN_MAX_EVENT_LOOP_DELAY_MS: envDurationMs(1000, { min: 0, max: 60_000 }),
  /** On SIGTERM, how long the listener stays open answering 503 (Connection: close) before closing, at least until requests in flight end. @default 1000 */
  NETRAVEN_SHUTDOWN_DRAIN_MS: envDurationMs(1000, { min: 0, max: 60_000 }),
  /** Hard limit for a graceful shutdown before exiting 80. @default 10000 */
  NETRAVEN_SHUTDOWN_TIMEOUT_MS: envDurationMs(10_000, { min: 1000, max: 120_000 }),
  // The /metrics and /status listener: never the API port, loopback unless set (docs/operations.md, "Status page and metrics").
  /** Address of the metrics and status listener; keep it on loopback or a private network. @default "127.0.0.1" */
  NETRAVEN_METRICS_HOST: z.preprocess(unset, z.string().default("127.0.0.1")),
  /** Port of the metrics and status listener: `off` disables it, 0 picks a free one. @default 9464 */
  NETRAVEN_METRICS_PORT: z.preprocess(
    unset,
    z
      .string()
      .regex(/^(off|\d{1,5})$/, "use a port number, 0 for a free one, or off")
      .transform((value) => (value === "off" ? null : Number(value)))
      .refine((port) => port === null || port <= 65_535, "must be at most 65535")
      .prefault("9464"),
  ),
  /** A verified backup older than this is stale on /status and in /metrics (the same variable as `netraven-backup health`). @default 26 */
  BACKUP_HEALTH_MAX_AGE_HOURS: z.preprocess(unset, z.coerce.number().positive().max(8760).default(26)),
});

/** The parsed environment. */
export type Config = z.infer<typeof ConfigSchema>;

let cached: Readonly<Config> | undefined;

/**
 * Parses the environment once (later calls return the same object): reads
 * `<NAME>_FILE` secrets, then reports every problem at once as the runtime's
 * ConfigError (exit 78), naming each variable without echoing its value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Readonly<Config> {
  if (cached) return cached;
  const parsed = parseEnv(ConfigSchema, resolveFileSecrets(env, FILE_SECRETS));
  const config = { ...parsed, ...overrides };
  if (config.NODE_ENV === "production") assertProductionReady(config);
  cached = Object.freeze(config);
  return cached;
}

/** Forgets the parsed configuration (tests). */
export function resetConfig(): void {
  cached = undefined;
}

// Production never falls back to generated or default secrets: the original
// shipped well-known ones. Each message says what to set and how to make it.
function assertProductionReady(config: Config): void {
  const missing: string[] = [];
  if (!config.DATABASE_URL) missing.push("DATABASE_URL: the PostgreSQL connection string (no embedded database in production)");
  if (!config.JWT_SECRET) missing.push("JWT_SECRET: at least 32 random bytes, e.g. `openssl rand -base64 48`");
  if (!config.ENCRYPTION_KEYS) {
    missing.push("ENCRYPTION_KEYS: `key1:<32 random bytes, base64>`, e.g. `echo key1:$(openssl rand -base64 32)`");
  }
  if (missing.length > 0) throw configError(missing.map((line) => `${line} (NODE_ENV=production refuses to start without it)`));
}
