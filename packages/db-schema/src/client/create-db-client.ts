import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

import { PrismaClient } from "../generated/prisma/client.js";

/** Pool settings. The defaults suit a 2-core host sharing PostgreSQL with other services. */
export interface DbPoolOptions {
  /** Maximum connections. @default 5 */
  max?: number;
  /** How long a query waits for a free connection before failing (pg's own default waits forever). @default 5000 */
  connectionTimeoutMs?: number;
  /** Idle connections are closed after this long. @default 10000 */
  idleTimeoutMs?: number;
  /** Server-side statement timeout. @default 15000 */
  statementTimeoutMs?: number;
  /** `application_name` shown in pg_stat_activity. @default "netraven" */
  applicationName?: string;
}

/** Options for {@link createDbClient}. */
export interface CreateDbClientOptions {
  /** PostgreSQL connection string. Read by the caller's config, never here. */
  url: string;
  /** PostgreSQL schema holding the tables. @default "public" */
  schema?: string;
  pool?: DbPoolOptions;
  /** Prisma log levels to emit. @default [] */
  log?: ("query" | "info" | "warn" | "error")[];
}

/** A Prisma client together with the pool it runs on. */
export interface DbClient {
  prisma: PrismaClient;
  /** The underlying pool, for raw SQL that Prisma cannot express. */
  pool: pg.Pool;
  /** Disconnects Prisma and ends the pool. */
  close(): Promise<void>;
}

/**
 * Creates a Prisma client over a `pg` pool with `@prisma/adapter-pg`.
 * No side effects at import; nothing connects until the first query.
 */
export function createDbClient(options: CreateDbClientOptions): DbClient {
  const poolOptions = options.pool ?? {};
  const pool = new pg.Pool({
    connectionString: options.url,
    max: poolOptions.max ?? 5,
    connectionTimeoutMillis: poolOptions.connectionTimeoutMs ?? 5000,
    idleTimeoutMillis: poolOptions.idleTimeoutMs ?? 10_000,
    statement_timeout: poolOptions.statementTimeoutMs ?? 15_000,
    application_name: poolOptions.applicationName ?? "netraven",
    ...(options.schema && options.schema !== "public" ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const adapter = new PrismaPg(pool, options.schema ? { schema: options.schema } : undefined);
  const prisma = new PrismaClient({ adapter, log: options.log ?? [] });
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** The client type inside `prisma.$transaction(async (tx) => …)`. */
export type PrismaTransaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
