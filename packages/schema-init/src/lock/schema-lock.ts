import type { Logger } from "@netraven/runtime";
import { createWaitReporter, retryUntil } from "@netraven/runtime";
import type pg from "pg";

import { LockTimeoutError } from "../errors.js";

/**
 * Advisory lock key of schema-init ("NRV1"). Deliberately not Prisma's
 * 72707369: the wasm engine takes that one itself on its own connection while
 * applying, and would time out (P1002) behind ours.
 */
export const SCHEMA_INIT_LOCK_ID = 0x4e525631;

/** Options for {@link acquireSchemaLock}. */
export interface AcquireSchemaLockOptions {
  /** A dedicated session (not behind a transaction pooler): the lock lives as long as it. */
  client: pg.Client;
  /** "wait" polls until `timeoutMs`; "fail" gives up at once. @default "wait" */
  mode?: "wait" | "fail";
  /** @default 300000 */
  timeoutMs?: number;
  logger: Logger;
  signal?: AbortSignal;
}

/** A held lock. */
export interface SchemaLock {
  /** How long we waited for it. */
  waitedMs: number;
  /** Releases the lock; failures are logged, not thrown (closing the session frees it anyway). */
  release(): Promise<void>;
}

/** Who holds the lock, for the waiting log line. */
export interface LockHolder {
  pid: number;
  applicationName: string;
  clientAddr: string | null;
  heldSince: string | null;
}

// Advisory locks belong to a database: pg_locks lists every database's, so the same key held in another database
// of the server (another NetRaven, a test) is not our holder, and naming it would have the operator end a stranger.
const HOLDER_SQL = `
  SELECT a.pid, a.application_name, a.client_addr::text AS client_addr, a.backend_start::text AS held_since
  FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  LIMIT 1`;

/** Reads the current holder of the schema lock, if any. */
export async function findLockHolder(client: pg.Client): Promise<LockHolder | undefined> {
  const { rows } = await client.query<{ pid: number; application_name: string; client_addr: string | null; held_since: string | null }>(HOLDER_SQL, [SCHEMA_INIT_LOCK_ID]);
  const row = rows[0];
  return row && { pid: row.pid, applicationName: row.application_name, clientAddr: row.client_addr, heldSince: row.held_since };
}

// The lock's first attempt carries the session settings (one round trip fewer on every run). The lock lives as
// long as this session. If we vanish without a FIN (node lost, network cut), PostgreSQL only notices through TCP
// keepalives, by default after two hours; these settings make it about 30 s. They never end a live session: our
// kernel answers the probes however busy we are.
const KEEPALIVES = "SET tcp_keepalives_idle = 15; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3;";

// One try found the lock taken; the wait loop retries on it.
class LockBusy extends Error {
  constructor(readonly holder: LockHolder | undefined) {
    super(`held by ${describeHolder(holder)}`);
  }
}

const describeHolder = (holder: LockHolder | undefined) =>
  holder ? `pid ${holder.pid} (${holder.applicationName || "no application_name"}${holder.clientAddr ? ` from ${holder.clientAddr}` : ""}, connected since ${holder.heldSince})` : "another session";

/**
 * Takes the schema lock by polling `pg_try_advisory_lock` through the
 * runtime's retry loop (capped backoff with jitter; one log line when the
 * wait starts or the holder changes, a summary every 10 s). Polling (rather
 * than a blocking `pg_advisory_lock`) keeps waiters out of any transaction,
 * so they never block `CREATE INDEX CONCURRENTLY`, and lets us time out and
 * name the holder.
 */
export async function acquireSchemaLock(options: AcquireSchemaLockOptions): Promise<SchemaLock> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 300_000;
  try {
    await retryUntil(
      async ({ attempt }) => {
        const results = (await options.client.query(`${attempt === 1 ? KEEPALIVES : ""}SELECT pg_try_advisory_lock(${SCHEMA_INIT_LOCK_ID}) AS locked`)) as unknown as pg.QueryResult | pg.QueryResult[];
        const { rows } = Array.isArray(results) ? results[results.length - 1]! : results;
        if (!rows[0]?.locked) throw new LockBusy(await findLockHolder(options.client));
      },
      {
        deadlineMs: timeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
        classify: (error) => (error instanceof LockBusy && options.mode !== "fail" ? "retry" : "fail"),
        reporter: createWaitReporter(options.logger, { what: "the schema lock" }),
        backoff: { initialMs: 25, maxMs: 500 },
        onDeadline: (error) => {
          const holder = (error as LockBusy).holder;
          return new LockTimeoutError(
            `Timed out after ${timeoutMs} ms waiting for the schema lock held by ${describeHolder(holder)}. If that session is stuck, end it with SELECT pg_terminate_backend(${holder?.pid ?? "<pid>"}); or raise SCHEMA_INIT_LOCK_TIMEOUT_MS (--lock-timeout).`,
            { context: { holder, waitedMs: Date.now() - started } },
          );
        },
      },
    );
  } catch (error) {
    if (!(error instanceof LockBusy)) throw error;
    throw new LockTimeoutError(`Another schema-init run holds the schema lock: ${describeHolder(error.holder)}. Retry later, or use --lock-mode wait.`, {
      context: { holder: error.holder, waitedMs: Date.now() - started },
    });
  }
  const waitedMs = Date.now() - started;
  return { waitedMs, release: () => releaseSchemaLock(options.client, options.logger) };
}

async function releaseSchemaLock(client: pg.Client, logger: Logger): Promise<void> {
  try {
    await client.query("SELECT pg_advisory_unlock($1)", [SCHEMA_INIT_LOCK_ID]);
  } catch (error) {
    logger.warn("Could not release the schema lock; it is freed when the session closes", { error: (error as Error).message });
  }
}
