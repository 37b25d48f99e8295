import { Gauge } from "prom-client";
import type { Registry } from "prom-client";

import { BACKUP_RUN_KINDS } from "../state/backup-state.js";
import type { DataLayerSnapshot } from "../state/read-snapshot.js";

const seconds = (date: Date | null | undefined) => (date ? date.getTime() / 1000 : 0);

/**
 * Schema and backup gauges, set from one snapshot per scrape. Timestamps are
 * Unix seconds and 0 when the event never happened, so
 * `time() - netraven_backup_last_verified_timestamp_seconds > netraven_backup_max_age_seconds`
 * also fires before the first verified backup.
 */
export function createDataLayerMetrics(registry: Registry): (snapshot: DataLayerSnapshot) => void {
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });
  const applied = gauge("netraven_schema_migrations_applied", "Migrations recorded as applied in _prisma_migrations.");
  const pending = gauge("netraven_schema_migrations_pending", "Migrations this build ships that the database has not applied (run schema-init).");
  const failed = gauge("netraven_schema_migrations_failed", "Migrations recorded as started but not finished (a failed migration).");
  const findings = gauge("netraven_schema_drift_findings", "Differences between the database and the shipped schema, by severity (error breaks the API, warning: extra objects).", ["severity"]);
  const validationUp = gauge("netraven_schema_validation_up", "1 when the last schema validation ran, 0 when it could not (database unreachable).");
  const validatedAt = gauge("netraven_schema_last_validation_timestamp_seconds", "When the schema was last compared with the shipped manifest (cached for up to 30 s).");
  const initAt = gauge("netraven_schema_init_last_run_timestamp_seconds", "When the last recorded schema-init run finished; 0 before any.");
  const initOk = gauge("netraven_schema_init_last_run_success", "1 when the last recorded schema-init run succeeded, else 0.");
  const initDuration = gauge("netraven_schema_init_last_run_duration_seconds", "How long the last recorded schema-init run took.");
  const verifiedAt = gauge("netraven_backup_last_verified_timestamp_seconds", "When the newest verified backup was taken; 0 before any.");
  const verifiedAge = gauge("netraven_backup_last_verified_age_seconds", "Age of the newest verified backup; +Inf before any.");
  const verifiedSize = gauge("netraven_backup_last_verified_size_bytes", "Size of the newest verified backup; 0 before any.");
  const restoreAt = gauge("netraven_backup_last_restore_test_timestamp_seconds", "When a backup was last restored into a scratch database and checked; 0 before any.");
  const failures = gauge("netraven_backup_failures_since_success", "Failed netraven-backup runs since the last successful run of the same kind.", ["kind"]);
  const count = gauge("netraven_backups_in_store", "Backups in the store, as the newest run that counted them saw it.");
  const maxAge = gauge("netraven_backup_max_age_seconds", "The freshness target (BACKUP_HEALTH_MAX_AGE_HOURS): a newest verified backup older than this is stale.");
  const backupUp = gauge("netraven_backup_state_up", "1 when backup_runs could be read, else 0.");

  return ({ now, maxAgeSeconds, schema, backups, lastSchemaInit }) => {
    applied.set(schema.appliedCount);
    pending.set(schema.pending.length);
    failed.set(schema.failed.length);
    findings.set({ severity: "error" }, schema.problems.filter((p) => p.severity === "error").length);
    findings.set({ severity: "warning" }, schema.problems.filter((p) => p.severity === "warning").length);
    validationUp.set(schema.error ? 0 : 1);
    validatedAt.set(seconds(schema.checkedAt));
    initAt.set(seconds(lastSchemaInit?.finishedAt));
    initOk.set(lastSchemaInit?.outcome === "ok" ? 1 : 0);
    initDuration.set((lastSchemaInit?.durationMs ?? 0) / 1000);
    const newest = backups.newestVerified;
    verifiedAt.set(seconds(newest?.createdAt));
    verifiedAge.set(newest ? (now.getTime() - newest.createdAt.getTime()) / 1000 : Number.POSITIVE_INFINITY);
    verifiedSize.set(newest?.sizeBytes ?? 0);
    restoreAt.set(seconds(backups.lastRestoreTestAt));
    for (const kind of BACKUP_RUN_KINDS) failures.set({ kind }, backups.failuresSinceSuccess[kind]);
    count.set(backups.backupCount ?? 0);
    maxAge.set(maxAgeSeconds);
    backupUp.set(backups.error ? 0 : 1);
  };
}
