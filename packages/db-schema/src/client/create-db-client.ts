import { PrismaPg } from "@prisma/adapter-pg";
import { watchConnectionLoss } from "@netraven/runtime/pg";
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
  /**
   * `max_parallel_workers_per_gather` of the pool's sessions; unset keeps the
   * server's. 0 suits short OLTP reads: starting workers for a 50-row page
   * cost the API's tag-filtered list 2-4x its serial time (apps/api bench).
   */
  parallelWorkersPerGather?: number;
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
  /**
   * Called once for each pooled connection the server or network ends (a
   * restart, pg_terminate_backend, a reset). The pool drops the connection;
   * a query that was running on it fails on its own. @default ignore
   */
  onConnectionLost?: (error: Error) => void;
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
    ...sessionOptions(options.schema, poolOptions.parallelWorkersPerGather),
  });
  watchConnections(pool, options.onConnectionLost ?? (() => undefined));
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

/**
 * pg emits "error" on a client whose connection dies while no query runs on
 * it, and an "error" nobody listens to is thrown from the socket handler and
 * ends the process. pg-pool listens only while a client is idle, and Prisma
 * only once its transaction has begun, so a client that was checked out and
 * between queries had no listener: a database restart under load killed the
 * API. Every client gets one for its whole life; the pool itself needs one too
 * (it re-emits an idle client's error), which stays silent because the
 * client's listener has already reported it.
 */
function watchConnections(pool: pg.Pool, onLost: (error: Error) => void): void {
  pool.on("error", () => undefined);
  pool.on("connect", (client) => watchConnectionLoss(client, onLost));
}

/** Session settings sent at connect (`-c name=value`), or nothing when all are the server's defaults. */
function sessionOptions(schema: string | undefined, parallelWorkers: number | undefined): { options?: string } {
  const settings = [
    ...(schema && schema !== "public" ? [`-c search_path=${schema}`] : []),
    ...(parallelWorkers === undefined ? [] : [`-c max_parallel_workers_per_gather=${Math.trunc(parallelWorkers)}`]),
  ];
  return settings.length > 0 ? { options: settings.join(" ") } : {};
}

/** The client type inside `prisma.$transaction(async (tx) => …)`. */
export type PrismaTransaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
