import { z } from "zod";

import { ConfigError } from "./errors.js";

// The API's configuration, parsed once from the environment. Only this file
// reads process.env; everything else receives the frozen result. Empty strings
// count as unset so `FOO=` in a compose file means "use the default".

const unset = (value: unknown) => (value === "" ? undefined : value);
const text = () => z.preprocess(unset, z.string().optional());
const integer = (fallback: number, min: number, max: number) =>
  z.preprocess(unset, z.coerce.number().int().min(min).max(max).default(fallback));
const flag = (fallback: boolean) =>
  z.preprocess(
    unset,
    z
      .enum(["true", "false", "1", "0", "yes", "no"])
      .default(fallback ? "true" : "false")
      .transform((v) => v === "true" || v === "1" || v === "yes"),
  );

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
  NODE_ENV: z.preprocess(unset, z.enum(["development", "production", "test"]).default("development")),
  /** Listen address; containers set 0.0.0.0. @default "127.0.0.1" */
  HOST: z.preprocess(unset, z.string().default("127.0.0.1")),
  /** Listen port; 0 picks a free one. @default 3000 */
  PORT: integer(3000, 0, 65_535),
  /** PostgreSQL connection string. Unset outside production: an embedded PostgreSQL is started. */
  DATABASE_URL: text(),
  /** PostgreSQL schema holding the tables. @default "public" */
  DATABASE_SCHEMA: z.preprocess(unset, z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default("public")),
  /** Maximum pooled connections. @default 10 */
  DATABASE_POOL_MAX: integer(10, 1, 100),
  /** How long a request waits for a pooled connection before a 503. @default 5000 */
  DATABASE_CONNECTION_TIMEOUT_MS: integer(5000, 100, 60_000),
  /** HMAC secret for access tokens, at least 32 bytes. Required in production. */
  JWT_SECRET: z.preprocess(unset, z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -base64 48`)").optional()),
  /** Access token lifetime (`15m`, `1h`, seconds). @default "15m" */
  JWT_TTL: DurationSchema,
  /** Keyring for credential secrets: `kid1:<base64 32 bytes>,kid2:<...>`. Required in production. */
  ENCRYPTION_KEYS: text(),
  /** Key id new secrets are encrypted under. @default the first key of ENCRYPTION_KEYS */
  ENCRYPTION_ACTIVE_KEY_ID: text(),
  /** Password of the seeded `admin` user; generated and shown once when unset. */
  ADMIN_PASSWORD: text(),
  /** pino level. @default "info" */
  LOG_LEVEL: z.preprocess(unset, z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info")),
  /** `pretty` for humans, `json` for log collectors. @default "json" in production, else "pretty" */
  LOG_FORMAT: z.preprocess(unset, z.enum(["json", "pretty"]).optional()),
  /** Fastify `trustProxy`: `true`, `false`, a hop count or a list of addresses. @default false */
  TRUST_PROXY: z.preprocess(unset, z.string().default("false")),
  /** Skip schema-init at start (the Docker setup runs it as its own service). @default false */
  SKIP_SCHEMA_INIT: flag(false),
  /** Local state (embedded PostgreSQL data, generated development secrets). @default "<repo root>/.netraven" */
  NETRAVEN_STATE_DIR: text(),
  /** Port of the embedded PostgreSQL. @default 54329 */
  NETRAVEN_EMBEDDED_PG_PORT: integer(54_329, 1, 65_535),
  /** Requests per client and window on every route. @default 600 */
  NETRAVEN_RATE_LIMIT_MAX: integer(600, 1, 1_000_000_000),
  /** Login attempts per client and window. @default 10 */
  NETRAVEN_LOGIN_RATE_LIMIT_MAX: integer(10, 1, 100_000),
  /** Rate-limit window. @default 60000 */
  NETRAVEN_RATE_LIMIT_WINDOW_MS: integer(60_000, 1000, 3_600_000),
  /** How long /readyz reuses a schema validation result. @default 5000 */
  NETRAVEN_READINESS_CACHE_MS: integer(5000, 0, 600_000),
  /** Event-loop lag at which requests get 503 + Retry-After (load shedding); 0 disables. @default 1000 */
  NETRAVEN_MAX_EVENT_LOOP_DELAY_MS: integer(1000, 0, 60_000),
  /** On SIGTERM, how long the listener stays open answering 503 (Connection: close) before closing, at least until requests in flight end. @default 1000 */
  NETRAVEN_SHUTDOWN_DRAIN_MS: integer(1000, 0, 60_000),
  /** Hard limit for a graceful shutdown before exiting 1. @default 10000 */
  NETRAVEN_SHUTDOWN_TIMEOUT_MS: integer(10_000, 1000, 120_000),
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
 * Parses the environment once (later calls return the same object) and
 * reports every problem at once as a {@link ConfigError}.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Readonly<Config> {
  if (cached) return cached;
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `- ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const config = { ...result.data, ...overrides };
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
  if (!config.DATABASE_URL) missing.push("- DATABASE_URL: the PostgreSQL connection string (no embedded database in production)");
  if (!config.JWT_SECRET) missing.push("- JWT_SECRET: at least 32 random bytes, e.g. `openssl rand -base64 48`");
  if (!config.ENCRYPTION_KEYS) {
    missing.push("- ENCRYPTION_KEYS: `key1:<32 random bytes, base64>`, e.g. `echo key1:$(openssl rand -base64 32)`");
  }
  if (missing.length > 0) {
    throw new ConfigError(`NODE_ENV=production refuses to start without:\n${missing.join("\n")}`);
  }
}
