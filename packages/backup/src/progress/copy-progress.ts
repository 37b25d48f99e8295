import type pg from "pg";

import { connect } from "../pg/connect.js";

/** Options for {@link watchCopyProgress}. */
export interface WatchCopyProgressOptions {
  /** The database pg_dump reads or pg_restore loads. */
  databaseUrl: string;
  /** Rows copied so far of a table being copied now. */
  onRows: (table: string, rows: number) => void;
  /** How often progress samples go out; the COPY is read four times as often, so each sample is fresh. @default 1000 */
  intervalMs?: number | undefined;
}

// Our programs run with PGAPPNAME=netraven-backup (see pg/tool-context.ts);
// pg_stat_progress_copy (PostgreSQL 14+) counts the rows of each COPY as it goes.
const QUERY = `SELECT format('%s.%s', n.nspname, c.relname) AS table, p.tuples_processed AS rows
  FROM pg_stat_progress_copy p
  JOIN pg_stat_activity a ON a.pid = p.pid
  JOIN pg_class c ON c.oid = p.relid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE p.datname = current_database() AND a.application_name = 'netraven-backup'`;

/**
 * Reports how far the COPY of each table has got, once per interval, so one
 * large table moves the bar while it is copied instead of jumping at its end.
 * Best effort: without a connection, or on a server older than 14, it reports
 * nothing and progress falls back to whole tables.
 */
export function watchCopyProgress(options: WatchCopyProgressOptions): { stop(): Promise<void> } {
  let client: pg.Client | undefined;
  let stopped = false;
  let busy: Promise<void> = Promise.resolve();
  const opening = connect(options.databaseUrl, { connectTimeoutMs: 5000 }).then(
    (c) => {
      if (stopped) void c.end().catch(() => undefined);
      else client = c;
    },
    () => undefined,
  );
  const poll = async () => {
    if (!client || stopped) return;
    const { rows } = await client.query<{ table: string; rows: string }>(QUERY);
    for (const row of rows) options.onRows(row.table, Number(row.rows));
  };
  const timer = setInterval(() => {
    busy = busy.then(poll).catch(() => undefined);
  }, Math.max(50, Math.floor((options.intervalMs ?? 1000) / 4)));
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await opening;
      await busy;
      await client?.end().catch(() => undefined);
    },
  };
}
