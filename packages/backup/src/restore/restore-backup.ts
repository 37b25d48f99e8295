import path from "node:path";

import type { ValidationReport } from "@netraven/schema-init";
import { validateSchema } from "@netraven/schema-init";

import { createBackup } from "../create/create-backup.js";
import { BackupVerificationError, ConfigError, RestoreValidationError, TargetNotEmptyError } from "../errors.js";
import type { Logger } from "../logger.js";
import { createLogger } from "../logger.js";
import { withConnection } from "../pg/connect.js";
import { connectionTarget, withDatabaseName } from "../pg/connection-env.js";
import { hasUserObjects, readDatabaseFacts } from "../pg/database-facts.js";
import { findPgClient } from "../pg/find-pg-client.js";
import { newerVersion } from "../pg/newer-version.js";
import { createToolContext } from "../pg/tool-context.js";
import { majorNum } from "../pg/version.js";
import type { PgRunOptions } from "../run-options.js";
import { withLock } from "../store/backup-lock.js";
import { findBackup } from "../store/catalog.js";
import type { BackupManifest } from "../store/manifest.js";
import { writePin } from "../store/pins.js";
import { checkFiles } from "../verify/check-files.js";
import { checkDatabaseName, createDatabase, databaseExists, dropDatabase } from "./databases.js";
import { restoreArchive } from "./restore-archive.js";

/** Options for {@link restoreBackup}. */
export interface RestoreBackupOptions extends PgRunOptions {
  /** Any database on the server to restore into (the target is created next to it). */
  databaseUrl: string;
  /** Backup directory. */
  dir: string;
  /** Backup id or "latest". @default "latest" */
  id?: string;
  /** Database to restore into. @default "<source database>_restored_<UTC timestamp>" (a new database) */
  targetDatabase?: string | undefined;
  /** Drop and recreate a target that already holds objects (ends its sessions). @default false */
  force?: boolean;
  /**
   * Before `force` drops a target that holds objects, back it up into `dir`
   * and pin it, so a restore over the wrong database can be undone. If that
   * backup fails, nothing is dropped. @default true
   */
  safetyBackup?: boolean;
  /** Parallel pg_restore jobs. @default 1 */
  jobs?: number;
  /** Skip ownership and grants (for a server whose roles differ). @default false */
  noOwner?: boolean;
  /** Check the result with schema-init's validator. Turn off for non-NetRaven databases. @default true */
  validate?: boolean;
  /** Schema the validator checks. @default "public" */
  schema?: string;
}

/** A finished restore. */
export interface RestoreBackupResult {
  ok: true;
  id: string;
  targetDatabase: string;
  /** False when the target existed (empty) before. */
  createdDatabase: boolean;
  /** The pinned backup of what `force` replaced; null when nothing was replaced or it was turned off. */
  safetyBackupId: string | null;
  /** Null when validation was turned off. */
  validation: ValidationReport | null;
  /** Things to look at that did not fail the restore (pending migrations, older target server...). */
  warnings: string[];
  durationMs: number;
}

/**
 * Restores a backup safely: checksums first; into a new database by default;
 * refuses a non-empty target unless `force`; pg_restore stops at the first
 * error (and a database it created is dropped again); then schema-init's
 * validator and ANALYZE. Holds the directory lock so prune cannot delete the
 * backup mid-restore.
 */
export async function restoreBackup(options: RestoreBackupOptions): Promise<RestoreBackupResult> {
  const logger = options.logger ?? createLogger();
  return withLock({ dir: options.dir, command: "restore", timeoutMs: options.lockTimeoutMs, signal: options.signal, logger }, () =>
    restoreLocked(options, logger),
  );
}

async function restoreLocked(options: RestoreBackupOptions, logger: Logger): Promise<RestoreBackupResult> {
  const started = performance.now();
  const { manifest } = await findBackup(options.dir, options.id ?? "latest");
  const target = options.targetDatabase ?? defaultTargetName(manifest);
  const nameProblem = checkDatabaseName(target);
  if (nameProblem) throw new ConfigError([`target database: ${nameProblem}`]);
  const damaged = await checkFiles(options.dir, manifest);
  if (damaged.length > 0) {
    throw new BackupVerificationError(`refusing to restore ${manifest.id}: ${damaged.join("; ")}; restore an older backup instead`, {
      context: { id: manifest.id, problems: damaged },
    });
  }
  const warnings: string[] = [];
  // DROP DATABASE cannot run while connected to that database: use the maintenance database then.
  const sameDb = connectionTarget(options.databaseUrl).database === target;
  const adminUrl = sameDb ? withDatabaseName(options.databaseUrl, "postgres") : options.databaseUrl;
  const targetUrl = withDatabaseName(options.databaseUrl, target);

  let safetyBackupId: string | null = null;
  const createdDatabase = await withConnection(adminUrl, async (admin) => {
    const server = (await readDatabaseFacts(admin)).server;
    if (majorNum(server.num) < majorNum(manifest.server.num)) {
      warnings.push(`the target server (PostgreSQL ${server.text}) is older than the source (${manifest.server.text}); objects may fail to load`);
    }
    const need = newerVersion({ version: server, of: "the target server" }, { version: manifest.pgDump, of: "the pg_dump that wrote the backup" });
    const client = await findPgClient({ pgBin: options.pgBin, searchPath: options.searchPath, minVersion: need.version, minVersionOf: need.of, logger });
    const state = await targetState(admin, targetUrl, target);
    if (state === "occupied") {
      if (!options.force) {
        throw new TargetNotEmptyError(
          `database "${target}" already holds tables or functions; restore into a new database (leave out --target) or pass --force to drop and recreate it`,
          { context: { target } },
        );
      }
      if (options.safetyBackup !== false) safetyBackupId = await backUpTarget(options, targetUrl, target, manifest, logger);
      logger.warn("dropping the existing target database (--force)", { target, safetyBackupId });
      await dropDatabase(admin, target);
    }
    const created = state !== "empty";
    if (created) await createDatabase(admin, target, manifest.encoding);
    const ctx = createToolContext({
      client,
      databaseUrl: options.databaseUrl,
      database: target,
      childEnv: options.childEnv ?? {},
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      logger,
    });
    logger.info("restoring", { id: manifest.id, target, jobs: options.jobs ?? 1 });
    try {
      await restoreArchive(ctx, { archive: path.join(options.dir, manifest.archive), database: target, jobs: options.jobs, noOwner: options.noOwner });
    } catch (error) {
      // A half-loaded database must not be mistaken for a restore.
      if (created) await dropDatabase(admin, target).catch(() => undefined);
      throw error;
    }
    return created;
  });

  const validation = options.validate === false ? null : await validateRestored(targetUrl, target, options.schema ?? "public", warnings);
  logger.debug?.("analyzing the restored database", { target });
  await withConnection(targetUrl, async (db) => {
    await db.query("SET statement_timeout = 0");
    await db.query("ANALYZE");
  });
  for (const warning of warnings) logger.warn(warning);
  const durationMs = Math.round(performance.now() - started);
  logger.info("restore complete", { id: manifest.id, target, durationMs });
  return { ok: true, id: manifest.id, targetDatabase: target, createdDatabase, safetyBackupId, validation, warnings, durationMs };
}

/** Whether the target database is missing, exists without user objects, or holds some. */
async function targetState(admin: Parameters<typeof databaseExists>[0], targetUrl: string, target: string): Promise<"missing" | "empty" | "occupied"> {
  if (!(await databaseExists(admin, target))) return "missing";
  return (await withConnection(targetUrl, hasUserObjects)) ? "occupied" : "empty";
}

/**
 * Backs up the database `--force` is about to drop, into the same directory
 * (the lock is already held), and pins it so retention keeps it.
 */
async function backUpTarget(options: RestoreBackupOptions, targetUrl: string, target: string, manifest: BackupManifest, logger: Logger): Promise<string> {
  logger.info("backing up the target before replacing it (--no-safety-backup skips this)", { target });
  try {
    const { id } = await createBackup({
      databaseUrl: targetUrl,
      dir: options.dir,
      lockHeld: true,
      pgBin: options.pgBin,
      ...(options.searchPath === undefined ? {} : { searchPath: options.searchPath }),
      ...(options.childEnv === undefined ? {} : { childEnv: options.childEnv }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      signal: options.signal,
      logger,
      ...(options.schema === undefined ? {} : { schema: options.schema }),
    });
    await writePin(options.dir, id, `safety copy of "${target}" taken before restoring ${manifest.id} over it`);
    logger.info("safety backup taken and pinned; restore it to undo", { target, safetyBackupId: id });
    return id;
  } catch (error) {
    logger.error(`the safety backup of "${target}" failed, so it was not dropped: fix the cause below, or pass --no-safety-backup to replace it without one`, { target });
    throw error;
  }
}

async function validateRestored(targetUrl: string, target: string, schema: string, warnings: string[]): Promise<ValidationReport> {
  const report = await validateSchema({ databaseUrl: targetUrl, schema });
  // A backup from an older release is behind by design: its catalog differs
  // from today's schema until schema-init brings it forward.
  if (report.pendingMigrations.length > 0 && report.failedMigrations.length === 0) {
    warnings.push(`"${target}" is ${report.pendingMigrations.length} migration(s) behind this release; run schema-init up against it before pointing the API at it`);
    return report;
  }
  const errors = report.problems.filter((p) => p.severity === "error");
  if (report.failedMigrations.length > 0 || errors.length > 0) {
    const reasons = [...report.failedMigrations.map((m) => `failed migration ${m}`), ...errors.map((p) => p.message)];
    throw new RestoreValidationError(
      `restored into "${target}", but it does not match the NetRaven schema: ${reasons.slice(0, 5).join("; ")}${reasons.length > 5 ? ` (+${reasons.length - 5} more)` : ""}; inspect it before use, or drop it`,
      { context: { target, failedMigrations: report.failedMigrations, problems: errors } },
    );
  }
  for (const problem of report.problems) warnings.push(problem.message);
  return report;
}

/** `<database>_restored_<YYYYMMDDHHMMSS>` (UTC), always a new name. */
function defaultTargetName(manifest: BackupManifest): string {
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `${manifest.database.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 40)}_restored_${stamp}`;
}
