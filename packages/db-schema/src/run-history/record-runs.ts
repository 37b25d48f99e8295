import type { Queryable } from "../manifest/introspect.js";
import { quoteIdent } from "../manifest/introspect.js";

/** Rows kept in `backup_runs`; each insert prunes the older ones. */
export const BACKUP_RUNS_KEPT = 1000;
/** Rows kept in `schema_init_runs`; each insert prunes the older ones. */
export const SCHEMA_INIT_RUNS_KEPT = 200;

/** One netraven-backup run, as `backup_runs` stores it (docs/operations.md, "Run history tables"). No secrets. */
export interface BackupRunRecord {
  kind: "create" | "verify" | "restore_test" | "prune";
  startedAt: Date;
  finishedAt: Date;
  outcome: "ok" | "failed";
  /** The backup the run made or worked on. */
  backupId?: string | null;
  /** When that backup's dump was taken (its age counts from here). */
  backupCreatedAt?: Date | null;
  sizeBytes?: number | null;
  /** Set when this run verified the backup. */
  verifiedAt?: Date | null;
  /** Set when this run restored the backup into a scratch database and checked it. */
  restoreTestedAt?: Date | null;
  /** Backups in the store after the run. */
  backupCount?: number | null;
  errorCode?: string | null;
  /** One line for a person; never a connection string or passphrase. */
  message?: string | null;
  toolVersion?: string | null;
}

/** One schema-init run, as `schema_init_runs` stores it. No secrets. */
export interface SchemaInitRunRecord {
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  outcome: "ok" | "failed";
  appliedMigrations: string[];
  pendingCount: number;
  validation: "ok" | "drift" | "failed" | "skipped";
  findingCount: number;
  errorCode?: string | null;
  message?: string | null;
  toolVersion?: string | null;
}

/**
 * The statement netraven-backup runs after each run: insert the row and drop
 * all but the newest {@link BACKUP_RUNS_KEPT} earlier rows, in one statement
 * (one round trip, atomic without a transaction; the DELETE does not see the
 * new row, so the table holds at most KEPT + 1). `%s` is the schema, quoted
 * by {@link recordBackupRun}.
 */
export const RECORD_BACKUP_RUN_SQL = `WITH inserted AS (
  INSERT INTO %s.backup_runs (kind, started_at, finished_at, outcome, backup_id, backup_created_at, size_bytes, verified_at, restore_tested_at, backup_count, error_code, message, tool_version)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id
)
DELETE FROM %s.backup_runs WHERE id IN (SELECT id FROM %s.backup_runs ORDER BY finished_at DESC, id DESC OFFSET ${BACKUP_RUNS_KEPT})`;

/** The statement schema-init runs at its end (once the table exists): insert and prune beyond {@link SCHEMA_INIT_RUNS_KEPT}. */
export const RECORD_SCHEMA_INIT_RUN_SQL = `WITH inserted AS (
  INSERT INTO %s.schema_init_runs (started_at, finished_at, duration_ms, outcome, applied_migrations, pending_count, validation, finding_count, error_code, message, tool_version)
  VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11) RETURNING id
)
DELETE FROM %s.schema_init_runs WHERE id IN (SELECT id FROM %s.schema_init_runs ORDER BY finished_at DESC, id DESC OFFSET ${SCHEMA_INIT_RUNS_KEPT})`;

const inSchema = (sql: string, schema: string) => sql.replaceAll("%s", quoteIdent(schema));

/** Records a netraven-backup run (the writer's side of the contract). @param schema @default "public" */
export async function recordBackupRun(db: Queryable, run: BackupRunRecord, schema = "public"): Promise<void> {
  await db.query(inSchema(RECORD_BACKUP_RUN_SQL, schema), [
    run.kind,
    run.startedAt,
    run.finishedAt,
    run.outcome,
    run.backupId ?? null,
    run.backupCreatedAt ?? null,
    run.sizeBytes ?? null,
    run.verifiedAt ?? null,
    run.restoreTestedAt ?? null,
    run.backupCount ?? null,
    run.errorCode ?? null,
    run.message ?? null,
    run.toolVersion ?? null,
  ]);
}

/** Records a schema-init run. @param schema @default "public" */
export async function recordSchemaInitRun(db: Queryable, run: SchemaInitRunRecord, schema = "public"): Promise<void> {
  await db.query(inSchema(RECORD_SCHEMA_INIT_RUN_SQL, schema), [
    run.startedAt,
    run.finishedAt,
    Math.round(run.durationMs),
    run.outcome,
    JSON.stringify(run.appliedMigrations),
    run.pendingCount,
    run.validation,
    run.findingCount,
    run.errorCode ?? null,
    run.message ?? null,
    run.toolVersion ?? null,
  ]);
}
