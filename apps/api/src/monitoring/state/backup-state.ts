import pg from "pg";

/** One backup on the timeline: what the runs about it recorded. */
export interface BackupEntry {
  backupId: string;
  createdAt: Date;
  sizeBytes: number | null;
  verifiedAt: Date | null;
  restoreTestedAt: Date | null;
}

/** A failed netraven-backup run. */
export interface FailedRun {
  kind: string;
  finishedAt: Date;
  errorCode: string | null;
  message: string | null;
}

/** Backup state as the backup service last recorded it in `backup_runs`. */
export interface BackupState {
  /** Set when `backup_runs` cannot be read. */
  error?: string;
  /** Newest backups first (at most {@link TIMELINE_LENGTH}). */
  timeline: BackupEntry[];
  /** The newest backup that a run verified, or null. */
  newestVerified: BackupEntry | null;
  lastRestoreTestAt: Date | null;
  /** Failed runs per kind since that kind's last successful run. */
  failuresSinceSuccess: Record<BackupRunKind, number>;
  /** Backups in the store as the newest run that counted them saw it; null before any. */
  backupCount: number | null;
  /** Newest failed runs (at most 5). */
  recentFailures: FailedRun[];
}

/** The kinds of netraven-backup run recorded (docs/operations.md). */
export const BACKUP_RUN_KINDS = ["create", "verify", "restore_test", "prune"] as const;
export type BackupRunKind = (typeof BACKUP_RUN_KINDS)[number];

/** How many backups the page lists. */
export const TIMELINE_LENGTH = 20;

// One row per backup: a create run and later verify / restore_test runs each add what they learned.
const TIMELINE_SQL = `
  SELECT backup_id, max(backup_created_at) AS created_at, max(size_bytes)::float8 AS size_bytes,
         max(verified_at) AS verified_at, max(restore_tested_at) AS restore_tested_at
    FROM %I.backup_runs
   WHERE outcome = 'ok' AND backup_id IS NOT NULL AND backup_created_at IS NOT NULL
   GROUP BY backup_id
   ORDER BY created_at DESC, backup_id DESC
   LIMIT $1`;

const NEWEST_VERIFIED_SQL = `
  SELECT v.backup_id, v.backup_created_at AS created_at, s.size_bytes::float8 AS size_bytes, v.verified_at,
         (SELECT max(restore_tested_at) FROM %I.backup_runs t WHERE t.backup_id = v.backup_id AND t.outcome = 'ok') AS restore_tested_at
    FROM (SELECT backup_id, backup_created_at, verified_at FROM %I.backup_runs
           WHERE outcome = 'ok' AND verified_at IS NOT NULL AND backup_id IS NOT NULL AND backup_created_at IS NOT NULL
           ORDER BY backup_created_at DESC LIMIT 1) v
    LEFT JOIN LATERAL (SELECT max(size_bytes) AS size_bytes FROM %I.backup_runs s WHERE s.backup_id = v.backup_id) s ON true`;

const SUMMARY_SQL = `
  SELECT (SELECT max(restore_tested_at) FROM %I.backup_runs WHERE outcome = 'ok') AS last_restore_test_at,
         (SELECT backup_count FROM %I.backup_runs WHERE backup_count IS NOT NULL ORDER BY finished_at DESC LIMIT 1) AS backup_count,
         (SELECT json_object_agg(k.kind, (SELECT count(*) FROM %I.backup_runs f
                                           WHERE f.kind = k.kind AND f.outcome = 'failed'
                                             AND f.finished_at > coalesce((SELECT max(o.finished_at) FROM %I.backup_runs o WHERE o.kind = k.kind AND o.outcome = 'ok'), '-infinity')))
            FROM unnest($1::text[]) AS k(kind)) AS failures`;

const FAILURES_SQL = `
  SELECT kind, finished_at, error_code, message FROM %I.backup_runs WHERE outcome = 'failed' ORDER BY finished_at DESC LIMIT 5`;

interface EntryRow {
  backup_id: string;
  created_at: Date;
  size_bytes: number | null;
  verified_at: Date | null;
  restore_tested_at: Date | null;
}

/** Reads the backup state; a missing or unreadable table gives `error` and empty state, never a throw. */
export async function readBackupState(pool: pg.Pool, schema: string): Promise<BackupState> {
  const sql = (text: string) => text.replaceAll("%I", pg.escapeIdentifier(schema));
  try {
    const [timeline, newest, summary, failures] = await Promise.all([
      pool.query<EntryRow>(sql(TIMELINE_SQL), [TIMELINE_LENGTH]),
      pool.query<EntryRow>(sql(NEWEST_VERIFIED_SQL)),
      pool.query<{ last_restore_test_at: Date | null; backup_count: number | null; failures: Record<BackupRunKind, number> }>(sql(SUMMARY_SQL), [BACKUP_RUN_KINDS]),
      pool.query<{ kind: string; finished_at: Date; error_code: string | null; message: string | null }>(sql(FAILURES_SQL)),
    ]);
    const row = summary.rows[0];
    return {
      timeline: timeline.rows.map(toEntry),
      newestVerified: newest.rows[0] ? toEntry(newest.rows[0]) : null,
      lastRestoreTestAt: row?.last_restore_test_at ?? null,
      failuresSinceSuccess: { ...emptyFailures(), ...row?.failures },
      backupCount: row?.backup_count ?? null,
      recentFailures: failures.rows.map((f) => ({ kind: f.kind, finishedAt: f.finished_at, errorCode: f.error_code, message: f.message })),
    };
  } catch {
    return { error: "backup_runs cannot be read (database unreachable, or schema-init has not applied the migration yet)", timeline: [], newestVerified: null, lastRestoreTestAt: null, failuresSinceSuccess: emptyFailures(), backupCount: null, recentFailures: [] };
  }
}

function toEntry(row: EntryRow): BackupEntry {
  return { backupId: row.backup_id, createdAt: row.created_at, sizeBytes: row.size_bytes, verifiedAt: row.verified_at, restoreTestedAt: row.restore_tested_at };
}

function emptyFailures(): Record<BackupRunKind, number> {
  return { create: 0, verify: 0, restore_test: 0, prune: 0 };
}
