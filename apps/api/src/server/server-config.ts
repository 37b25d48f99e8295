import { ConfigError } from "@netraven/runtime";

import type { Config } from "../config.js";
import type { Keyring } from "../crypto/keyring.js";
import { parseKeyring } from "../crypto/keyring.js";

/** What {@link createServer} needs to know, with every secret resolved. */
export interface ServerConfig {
  /** Production hides internals (no stack details, no Swagger "try it out"). */
  production: boolean;
  jwt: { secret: string; ttlSeconds: number };
  keyring: Keyring;
  rateLimit: { max: number; loginMax: number; windowMs: number };
  /** Fastify `trustProxy`. */
  trustProxy: boolean | number | string;
  /** PostgreSQL schema, for the readiness validation. */
  databaseSchema: string;
  /** How long /readyz reuses a validation result. */
  readinessCacheMs: number;
  /** Longest use of a cached user row between read requests; 0: every request reads it. */
  userCacheTtlMs: number;
  /** Shed load with 503 + Retry-After when the event loop lags this much; 0 disables. */
  maxEventLoopDelayMs: number;
  /** The /metrics and /status listener; unset: not served (NETRAVEN_METRICS_PORT=off). */
  monitoring?: MonitoringConfig;
}

/** Where /metrics and /status are served, and what they judge against. */
export interface MonitoringConfig {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** A newest verified backup older than this is stale (BACKUP_HEALTH_MAX_AGE_HOURS). */
  backupMaxAgeSeconds: number;
  /** How long a schema validation result is reused by scrapes and page views. */
  cacheMs: number;
}

/** How long /metrics and /status reuse a schema validation: a scrape stays cheap, a hand-made drift shows within this. */
export const MONITORING_CACHE_MS = 30_000;

/** Secrets resolved at start (from the environment or the development state file). */
export interface ResolvedSecrets {
  jwtSecret: string;
  encryptionKeys: string;
}

/** Builds the server's settings from the parsed environment and the resolved secrets. */
export function toServerConfig(config: Config, secrets: ResolvedSecrets): ServerConfig {
  if (Buffer.byteLength(secrets.jwtSecret, "utf8") < 32) {
    throw new ConfigError("JWT_SECRET must be at least 32 bytes: generate one with `openssl rand -base64 48`.");
  }
  return {
    production: config.NODE_ENV === "production",
    jwt: { secret: secrets.jwtSecret, ttlSeconds: config.JWT_TTL },
    keyring: parseKeyring(secrets.encryptionKeys, config.ENCRYPTION_ACTIVE_KEY_ID),
    rateLimit: {
      max: config.NETRAVEN_RATE_LIMIT_MAX,
      loginMax: config.NETRAVEN_LOGIN_RATE_LIMIT_MAX,
      windowMs: config.NETRAVEN_RATE_LIMIT_WINDOW_MS,
    },
    trustProxy: parseTrustProxy(config.TRUST_PROXY),
    databaseSchema: config.DATABASE_SCHEMA,
    readinessCacheMs: config.NETRAVEN_READINESS_CACHE_MS,
    userCacheTtlMs: config.NETRAVEN_USER_CACHE_TTL_MS,
    maxEventLoopDelayMs: config.NETRAVEN_MAX_EVENT_LOOP_DELAY_MS,
    ...(config.NETRAVEN_METRICS_PORT === null
      ? {}
      : {
          monitoring: {
            host: config.NETRAVEN_METRICS_HOST,
            port: config.NETRAVEN_METRICS_PORT,
            backupMaxAgeSeconds: Math.round(config.BACKUP_HEALTH_MAX_AGE_HOURS * 3600),
            cacheMs: MONITORING_CACHE_MS,
          },
        }),
  };
}

// Fastify accepts a boolean, a hop count or a comma-separated address list.
function parseTrustProxy(value: string): boolean | number | string {
  if (value === "true") return true;
  if (value === "false") return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
