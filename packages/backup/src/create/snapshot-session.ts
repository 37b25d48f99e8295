import type pg from "pg";

import type { Logger } from "@netraven/runtime";

import type { ConnectOptions } from "../pg/connect.js";
import { connect } from "../pg/connect.js";
import type { DatabaseFacts } from "../pg/database-facts.js";
import { readDatabaseFacts } from "../pg/database-facts.js";

/** A read-only transaction whose snapshot pg_dump shares, so counts and the dump see the same rows. */
export interface SnapshotSession {
  db: pg.Client;
  facts: DatabaseFacts;
  /** Exported snapshot id for `pg_dump --snapshot`; undefined when the server cannot export one. */
  snapshot: string | undefined;
  /** Ends the transaction and the connection. Keep it open until pg_dump has finished. */
  close(): Promise<void>;
  /** Drops the connection at once (a failed run must not wait for a running count). */
  abort(): Promise<void>;
}

/** Opens the session (waiting for the server as `wait` says) and exports its snapshot. */
export async function openSnapshotSession(url: string, logger: Logger, wait: Pick<ConnectOptions, "waitTimeoutMs" | "signal"> = {}): Promise<SnapshotSession> {
  const db = await connect(url, { ...wait, logger });
  try {
    let snapshot: string | undefined;
    try {
      await db.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      snapshot = (await db.query<{ id: string }>("SELECT pg_export_snapshot() AS id")).rows[0]?.id;
    } catch (error) {
      await db.query("ROLLBACK");
      await db.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      logger.warn("cannot export a snapshot; row counts are taken separately and may differ from the dump if the database is written meanwhile", {
        error: (error as Error).message,
      });
    }
    // Counting large tables may take a while; the session's own limits must not cut it short.
    await db.query("SET LOCAL statement_timeout = 0");
    // The counts run beside pg_dump: one core for them, the rest for the dump.
    await db.query("SET LOCAL max_parallel_workers_per_gather = 0");
    const facts = await readDatabaseFacts(db);
    let open = true;
    const end = async (commit: boolean) => {
      if (!open) return;
      open = false;
      if (commit) await db.query("COMMIT").catch(() => undefined);
      await db.end().catch(() => undefined);
    };
    return { db, facts, snapshot, close: () => end(true), abort: () => end(false) };
  } catch (error) {
    await db.end().catch(() => undefined);
    throw error;
  }
}
