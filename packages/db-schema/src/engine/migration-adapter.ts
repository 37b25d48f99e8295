import { randomUUID } from "node:crypto";

import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type pg from "pg";
import { parse } from "pg-connection-string";

import { createEnginePool } from "./engine-pool.js";

/** Connection settings for the schema engine. */
export interface MigrationAdapterOptions {
  /** PostgreSQL connection string of the target database. */
  url: string;
  /** PostgreSQL schema the tables live in. @default "public" */
  schema?: string;
}

/** PostgreSQL's report of a migration script that failed, kept for the error message. */
export interface ScriptFailure {
  script: string;
  message: string;
  /** SQLSTATE, e.g. `42704`. */
  code?: string;
  /** 1-based character offset into `script`, when PostgreSQL gave one. */
  position?: number;
  detail?: string;
  hint?: string;
}

/** The engine's adapter plus the last script failure seen through it. */
export interface MigrationAdapter {
  factory: ReturnType<typeof bindMigrationAwareSqlAdapterFactory>;
  /** Details of the last `executeScript` failure (the engine's own error loses the position). */
  lastScriptFailure(): ScriptFailure | undefined;
  /** Ends the pool: freeing the engine does not, and idle sessions would keep the process alive. */
  close(): Promise<void>;
}

/**
 * Builds the driver adapter the wasm schema engine talks through.
 *
 * `PrismaPg.connectToShadowDb` spreads a `connectionString` into the shadow
 * pool config, where it overrides `database`, so the "shadow" would be the
 * target itself; and it drops the shadow before closing its pool. We pass
 * discrete settings and manage the shadow database ourselves.
 *
 * Its `executeScript` splits a migration on every ";" (also inside strings,
 * comments and function bodies) and runs the pieces one by one on a pool, so
 * a failing migration stays half-applied and a plpgsql function cannot be
 * created at all. We send the whole script as one simple-query message
 * instead, exactly as the native engine does, on the target and on the
 * shadow: PostgreSQL runs it as one implicit transaction, so a failure leaves
 * the database as it was.
 */
export function createMigrationAdapter(options: MigrationAdapterOptions): MigrationAdapter {
  const config = toPoolConfig(options.url);
  if (options.schema && options.schema !== "public") config.options = `-c search_path="${options.schema}"`;
  const pool = createEnginePool(config);
  const target = new PrismaPg(pool, { disposeExternalPool: true, ...(options.schema ? { schema: options.schema } : {}) });
  let lastFailure: ScriptFailure | undefined;

  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: target.provider,
    adapterName: target.adapterName,
    connect: async () => {
      const adapter = await target.connect();
      sendScriptsWhole(adapter, pool, (failure) => {
        lastFailure = failure;
      });
      return adapter;
    },
    connectToShadowDb: () => connectToShadowDb(config),
  };
  return {
    factory: bindMigrationAwareSqlAdapterFactory(factory),
    lastScriptFailure: () => lastFailure,
    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
}

/** Makes `adapter` send each migration script as one simple-query message on `pool` (see above). */
function sendScriptsWhole(adapter: SqlDriverAdapter, pool: pg.Pool, onFailure: (failure: ScriptFailure) => void): void {
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      onFailure(toScriptFailure(script, error));
      (adapter as unknown as { onError(e: unknown): never }).onError(error);
    }
  };
}

function toScriptFailure(script: string, error: unknown): ScriptFailure {
  const e = error as { message?: string; code?: string; position?: string; detail?: string; hint?: string };
  return {
    script,
    message: e.message ?? String(error),
    ...(e.code ? { code: e.code } : {}),
    ...(e.position ? { position: Number(e.position) } : {}),
    ...(e.detail ? { detail: e.detail } : {}),
    ...(e.hint ? { hint: e.hint } : {}),
  };
}

async function connectToShadowDb(config: pg.PoolConfig): Promise<SqlDriverAdapter> {
  const name = `netraven_shadow_${randomUUID().replaceAll("-", "")}`;
  await runAdmin(config, `CREATE DATABASE "${name}"`);
  const shadowPool = createEnginePool({ ...config, database: name });
  const shadow = await new PrismaPg(shadowPool, { disposeExternalPool: true }).connect();
  // The shadow replays every committed migration: a function body's ";" must not split it there either.
  sendScriptsWhole(shadow, shadowPool, () => undefined);
  const dispose = shadow.dispose.bind(shadow);
  shadow.dispose = async () => {
    await dispose();
    await runAdmin(config, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
  return shadow;
}

async function runAdmin(config: pg.PoolConfig, sql: string): Promise<void> {
  const pool = createEnginePool({ ...config, max: 1 });
  try {
    await pool.query(sql);
  } finally {
    await pool.end();
  }
}

// Discrete pg settings (not a connectionString) so `database` can be overridden for the shadow.
function toPoolConfig(url: string): pg.PoolConfig {
  const parsed = parse(url);
  const config: pg.PoolConfig = {};
  if (parsed.host) config.host = parsed.host;
  if (parsed.port) config.port = Number(parsed.port);
  if (parsed.user) config.user = parsed.user;
  if (parsed.password) config.password = parsed.password;
  if (parsed.database) config.database = parsed.database;
  if (parsed.ssl !== undefined && parsed.ssl !== null) config.ssl = parsed.ssl as pg.PoolConfig["ssl"];
  if (parsed.application_name) config.application_name = parsed.application_name;
  return config;
}
