/** A progress sample of a running dump, restore or test restore. */
export interface Progress {
  phase: "dump" | "restore" | "restore-test";
  /** Estimated total: the on-disk size of the tables being copied (null when unknown, e.g. a backup of an older release). */
  totalBytes: number | null;
  /** The part of `totalBytes` in tables already finished. */
  doneBytes: number;
  /** doneBytes / totalBytes, 0-100; null when the total is unknown. */
  percent: number | null;
  /** Average of doneBytes since the start. */
  bytesPerSecond: number;
  /** Time left at that rate; null before the first table finishes or without a total. */
  etaSeconds: number | null;
  /** The table pg_dump/pg_restore is copying now (from its --verbose output). */
  table: string | null;
  tablesDone: number;
  tablesTotal: number | null;
  elapsedMs: number;
  /** True on the last sample. */
  done: boolean;
}

/** Options for {@link trackTableProgress}. */
export interface TableProgressOptions {
  phase: Progress["phase"];
  /** Size per `schema.table`: the estimate of how much each table's copy moves. */
  tableBytes: Record<string, number> | null | undefined;
  /** Rows per `schema.table` (exact from the manifest, or the planner's estimate): how far into a table its COPY is. */
  expectedRows?: Record<string, number> | null | undefined;
  /** Matches the --verbose line that starts a table; group 1 is `schema.table`. */
  startsTable: RegExp;
  onProgress: (progress: Progress) => void;
  /** @default 1000 */
  intervalMs?: number | undefined;
}

/** A running tracker. */
export interface TableProgress {
  /** Sizes and row estimates that arrive after the start (a dump reads them beside pg_dump: they wait on the same table locks). */
  setTableBytes(bytes: Record<string, number>, rows?: Record<string, number>): void;
  /** Rows copied so far of a table being copied (see copy-progress.ts). */
  setRows(table: string, rows: number): void;
  /** Feed every stderr line of the program. */
  onLine(line: string): void;
  /** Ends the tracker and emits the last sample (100 % on success). */
  stop(success: boolean): void;
}

/** pg_dump --verbose: `pg_dump: dumping contents of table "public.users"`. */
export const PG_DUMP_TABLE_LINE = /dumping contents of table "(.+)"$/;
/** pg_restore --verbose: `pg_restore: processing data for table "public.users"`. */
export const PG_RESTORE_TABLE_LINE = /processing data for table "(.+)"$/;

/**
 * Turns pg_dump's or pg_restore's per-table --verbose lines into progress:
 * a table counts as done when the next one starts (or the program ends), and
 * weighs its size on disk. Samples go out once per interval and once at the
 * end. Neither program reports bytes of its own, and the compressed output
 * says nothing about how much is left; the tables' sizes, read from the
 * database (or recorded in the manifest), are the estimate.
 */
export function trackTableProgress(options: TableProgressOptions): TableProgress {
  const started = performance.now();
  let sizes = options.tableBytes ?? null;
  let expected = options.expectedRows ?? null;
  const copied = new Map<string, number>();
  const finished: string[] = [];
  let table: string | null = null;
  const sample = (done: boolean, complete: boolean): Progress => {
    const elapsedMs = Math.round(performance.now() - started);
    const totalBytes = sizes ? Object.values(sizes).reduce((a, b) => a + b, 0) : null;
    const tablesTotal = sizes ? Object.keys(sizes).length : null;
    // Tables still being copied count by the share of their rows already copied (never all of it: that is the next line's news).
    let partial = 0;
    for (const [t, rows] of copied) {
      const of = expected?.[t];
      if (!finished.includes(t) && of && of > 0) partial += (sizes?.[t] ?? 0) * Math.min(0.99, rows / of);
    }
    const doneBytes = Math.round(finished.reduce((sum, t) => sum + (sizes?.[t] ?? 0), 0) + partial);
    const bytes = complete && totalBytes !== null ? totalBytes : Math.min(doneBytes, totalBytes ?? Infinity);
    const bytesPerSecond = elapsedMs > 0 ? Math.round((bytes * 1000) / elapsedMs) : 0;
    const left = totalBytes === null ? null : totalBytes - bytes;
    let percent: number | null = null;
    if (totalBytes !== null) percent = totalBytes === 0 ? (complete ? 100 : 0) : Math.round((bytes / totalBytes) * 1000) / 10;
    let etaSeconds: number | null = null;
    if (left === 0) etaSeconds = 0;
    else if (left !== null && bytesPerSecond > 0) etaSeconds = Math.round(left / bytesPerSecond);
    return {
      phase: options.phase,
      totalBytes,
      doneBytes: bytes,
      percent,
      bytesPerSecond,
      etaSeconds,
      table,
      tablesDone: complete && tablesTotal !== null ? tablesTotal : finished.length,
      tablesTotal,
      elapsedMs,
      done,
    };
  };
  const timer = setInterval(() => options.onProgress(sample(false, false)), options.intervalMs ?? 1000);
  timer.unref();
  return {
    setTableBytes(bytes, rows) {
      sizes = bytes;
      if (rows) expected = rows;
    },
    setRows(t, rows) {
      copied.set(t, rows);
    },
    onLine(line) {
      const match = options.startsTable.exec(line);
      if (!match) return;
      if (table !== null) finished.push(table);
      table = match[1]!;
    },
    stop(success) {
      clearInterval(timer);
      if (success && table !== null) finished.push(table);
      options.onProgress(sample(true, success));
    },
  };
}
