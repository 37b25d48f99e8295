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

/**
 * Builds the driver adapter the wasm schema engine talks through.
 *
 * `PrismaPg.connectToShadowDb` spreads a `connectionString` into the shadow
 * pool config, where it overrides `database`, so the "shadow" would be the
 * target itself; and it drops the shadow before closing its pool. We pass
 * discrete settings and manage the shadow database ourselves.
 */
export function createMigrationAdapter(options: MigrationAdapterOptions) {
  const config = toPoolConfig(options.url);
  const target = new PrismaPg(createEnginePool(config), {
    disposeExternalPool: true,
    ...(options.schema ? { schema: options.schema } : {}),
  });

  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: target.provider,
    adapterName: target.adapterName,
    connect: () => target.connect(),
    connectToShadowDb: () => connectToShadowDb(config),
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}

async function connectToShadowDb(config: pg.PoolConfig): Promise<SqlDriverAdapter> {
  const name = `netraven_shadow_${randomUUID().replaceAll("-", "")}`;
  await runAdmin(config, `CREATE DATABASE "${name}"`);
  const shadowPool = createEnginePool({ ...config, database: name });
  const shadow = await new PrismaPg(shadowPool, { disposeExternalPool: true }).connect();
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

/** Splits a connection string into pg settings (database stays overridable). */
export function toPoolConfig(url: string): pg.PoolConfig {
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
