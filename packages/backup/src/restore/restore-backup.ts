import { randomBytes } from "node:crypto";
import path from "node:path";

import type { ValidationReport } from "@netraven/schema-init";

import { configError } from "@netraven/runtime";

import { RestoreValidationError, TargetNotEmptyError } from "../errors.js";
import type { Logger } from "@netraven/runtime";
import { createLogger } from "@netraven/runtime";
import type { Queryable } from "../pg/connect.js";
import { withConnection } from "../pg/connect.js";
import { connectionTarget, withDatabaseName } from "../pg/connection-env.js";
import { hasUserObjects, readDatabaseFacts } from "../pg/database-facts.js";
import { findPgClient } from "../pg/find-pg-client.js";
import { newerVersion } from "../pg/newer-version.js";
import { createToolContext } from "../pg/tool-context.js";
import { majorNum } from "../pg/version.js";
import type { PgRunOptions } from "../run-options.js";
import { withLock } from "../store/backup-lock.js";
import type { BackupManifest } from "../store/manifest.js";
import { applyDatabaseState } from "./apply-database-state.js";
import type { SkippedBackup } from "./choose-backup.js";
import { chooseBackup } from "./choose-backup.js";
import { checkDatabaseName, createDatabase, databaseExists, dropDatabase } from "./databases.js";
import { checkRestorePrivileges, readRoleFacts } from "./privileges.js";
import { referencedRoles } from "./referenced-roles.js";
import { restoreArchive } from "./restore-archive.js";
import { backUpTarget } from "./safety-copy.js";
import { sqlStepError } from "./sql-step-error.js";
import { swapDatabase } from "./swap-database.js";
import { validateRestored } from "./validate-restored.js";

/** Steps of a restore, in order, reported to {@link RestoreBackupOptions.onStep}. */
export type RestoreStep = "safety-copy-taken" | "database-created" | "restore-started" | "restored" | "before-swap" | "swapped";

/** Options for {@link restoreBackup}. */
export interface RestoreBackupOptions extends PgRunOptions {
  /** Any database on the server to restore into (the target is created next to it). */
  databaseUrl: string;
  /** Backup directory. */
  dir: string;
  /** Backup id or "latest" (the newest backup that verifies). @default "latest" */
  id?: string;
  /** Database to restore into. @default "<source database>_restored_<UTC timestamp>" (a new database) */
  targetDatabase?: string | undefined;
  /** Replace a target that already holds objects (ends its sessions). @default false */
  force?: boolean;
  /**
   * Before `force` replaces a target that holds objects, back it up into
   * `dir` and pin it, so a restore over the wrong database can be undone.
   * If that backup fails, nothing is changed. @default true
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
  /**
   * Called as each step completes (`restore-started` with pg_restore's pid).
   * A hook that throws fails the restore at that point (except at
   * `restore-started`, where killing the pid is the way to fail it), which is
   * how the tests prove every failure leaves the target as it was.
   */
  onStep?: ((step: RestoreStep, pid?: number) => void | Promise<void>) | undefined;
}

/** A finished restore. */
export interface RestoreBackupResult {
  ok: true;
  id: string;
  targetDatabase: string;
  /** False when a target of that name existed (and was replaced). */
  createdDatabase: boolean;
  /** The pinned backup of what `force` replaced; null when nothing was replaced or it was turned off. */
  safetyBackupId: string | null;
  /** For "latest": newer backups that did not verify, newest first, with the reason. */
  skipped: SkippedBackup[];
  /** Null when validation was turned off. */
  validation: ValidationReport | null;
  /** Things to look at that did not fail the restore (pending migrations, older target server...). */
  warnings: string[];
  durationMs: number;
}

/**
 * Restores a backup without ever putting the target at risk: checksums
 * first; every privilege the plan needs is checked before anything changes;
 * the archive is loaded into a new database (pg_restore stops at the first
 * error), validated, analyzed and given the source's database-level state;
 * only then is it swapped in by rename, the old database kept aside until
 * the swap is done. A failure at any step drops the new database and leaves
 * the target exactly as it was. Holds the directory lock so prune cannot
 * delete the backup mid-restore.
 */
export async function restoreBackup(options: RestoreBackupOptions): Promise<RestoreBackupResult> {
  const logger = options.logger ?? createLogger();
  return withLock({ dir: options.dir, command: "restore", timeoutMs: options.lockTimeoutMs, signal: options.signal, logger }, () =>
    restoreLocked(options, logger),
  );
}

async function restoreLocked(options: RestoreBackupOptions, logger: Logger): Promise<RestoreBackupResult> {
  const started = performance.now();
  const { entry, skipped } = await chooseBackup(options.dir, options.id ?? "latest");
  const manifest = entry.manifest;
  for (const s of skipped) logger.warn(`skipped backup ${s.id}: ${s.reason}`, { id: s.id });
  const target = options.targetDatabase ?? defaultTargetName(manifest);
  const nameProblem = checkDatabaseName(target);
  if (nameProblem) throw configError([`target database: ${nameProblem}`]);
  const warnings: string[] = [];
  // Renaming and dropping cannot run while connected to that database: use the maintenance database then.
  const sameDb = connectionTarget(options.databaseUrl).database === target;
  const adminUrl = sameDb ? withDatabaseName(options.databaseUrl, "postgres") : options.databaseUrl;
  const targetUrl = withDatabaseName(options.databaseUrl, target);
  const step = (name: RestoreStep, pid?: number) => options.onStep?.(name, pid);

  let safetyBackupId: string | null = null;
  let validation: ValidationReport | null = null;
  const exists = await withConnection(adminUrl, async (admin) => {
    const server = (await readDatabaseFacts(admin)).server;
    if (majorNum(server.num) < majorNum(manifest.server.num)) {
      warnings.push(`the target server (PostgreSQL ${server.text}) is older than the source (${manifest.server.text}); objects may fail to load`);
    }
    const need = newerVersion({ version: server, of: "the target server" }, { version: manifest.pgDump, of: "the pg_dump that wrote the backup" });
    const client = await findPgClient({ pgBin: options.pgBin, searchPath: options.searchPath, minVersion: need.version, minVersionOf: need.of, logger });
    const fresh = sideName(target, "new");
    const ctx = createToolContext({
      client,
      databaseUrl: options.databaseUrl,
      database: fresh,
      childEnv: options.childEnv ?? {},
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      logger,
    });
    const archive = path.join(options.dir, manifest.archive);
    const noOwner = options.noOwner ?? false;
    const role = await readRoleFacts(admin);
    const targetExists = await databaseExists(admin, target);
    const roles = noOwner ? [] : [...new Set([...(await referencedRoles(ctx, archive)), ...(manifest.databaseState ? [manifest.databaseState.owner] : [])])];
    await checkRestorePrivileges(admin, role, { target, replacesTarget: targetExists, referencedRoles: roles, noOwner });
    const occupied = targetExists && (await withConnection(targetUrl, hasUserObjects));
    if (occupied && !options.force) {
      throw new TargetNotEmptyError(
        `database "${target}" already holds tables or functions; restore into a new database (leave out --target) or pass --force to replace it`,
        { context: { target } },
      );
    }
    await warnAboutLeftovers(admin, target, logger);
    if (occupied && options.safetyBackup !== false) {
      safetyBackupId = await backUpTarget(options, targetUrl, target, manifest, logger);
      await step("safety-copy-taken");
    }
    await createDatabase(admin, fresh, manifest.encoding);
    let swapped = false;
    try {
      await step("database-created");
      logger.info("restoring into a new database; the target is swapped only once it is complete and valid", { id: manifest.id, target, loadingInto: fresh, jobs: options.jobs ?? 1 });
      await restoreArchive(ctx, {
        archive,
        database: fresh,
        jobs: options.jobs,
        noOwner,
        // The hook watches (or kills) the running pg_restore; it cannot fail the restore by throwing.
        onSpawn: (pid) => {
          Promise.resolve()
            .then(() => step("restore-started", pid))
            .catch((error: unknown) => logger.warn("the restore-started hook failed", { error: String(error) }));
        },
        progress: {
          phase: "restore",
          tableBytes: manifest.tableBytes,
          expectedRows: manifest.rowCounts,
          databaseUrl: withDatabaseName(options.databaseUrl, fresh),
          onProgress: options.onProgress,
          intervalMs: options.progressIntervalMs,
        },
      });
      await step("restored");
      const freshUrl = withDatabaseName(options.databaseUrl, fresh);
      try {
        validation = options.validate === false ? null : await validateRestored(freshUrl, target, options.schema ?? "public", warnings);
      } catch (error) {
        // Nothing to replace: keep the new database under the target's name for inspection, as documented.
        if (!targetExists && error instanceof RestoreValidationError) {
          await swapDatabase(admin, { fresh, target, aside: undefined, logger });
          swapped = true;
        }
        throw error;
      }
      logger.debug?.("analyzing the restored database", { target: fresh });
      await withConnection(freshUrl, async (db) => {
        await db.query("SET statement_timeout = 0");
        await db.query("ANALYZE");
      }).catch((error: unknown) => {
        throw sqlStepError(error, "analyzing the restored database");
      });
      if (manifest.databaseState) {
        const stateWarnings = await applyDatabaseState(admin, { database: fresh, state: manifest.databaseState, noOwner, currentRole: role.role, logger }).catch((error: unknown) => {
          throw sqlStepError(error, `reapplying the database's owner, ACL, settings and comment onto the new database`);
        });
        warnings.push(...stateWarnings);
      } else {
        warnings.push("this backup predates recorded database-level state: check the restored database's owner, grants (ACL), settings and comment by hand");
      }
      await step("before-swap");
      const swapWarnings = await swapDatabase(admin, { fresh, target, aside: targetExists ? sideName(target, "old") : undefined, logger }).catch((error: unknown) => {
        throw sqlStepError(error, `swapping the restored database in as "${target}"`);
      });
      warnings.push(...swapWarnings);
      swapped = true;
      await step("swapped");
    } catch (error) {
      if (!swapped) {
        await dropDatabase(admin, fresh).catch((dropError: unknown) =>
          logger.error(`could not drop the half-restored database "${fresh}"; drop it by hand`, { error: String(dropError) }),
        );
        logger.error(`restore failed before the swap; "${target}" is unchanged`, { target });
      }
      throw error;
    }
    return targetExists;
  }, { waitTimeoutMs: options.waitTimeoutMs, logger, signal: options.signal });

  for (const warning of warnings) logger.warn(warning);
  const durationMs = Math.round(performance.now() - started);
  logger.info("restore complete", { id: manifest.id, target, durationMs });
  return { ok: true, id: manifest.id, targetDatabase: target, createdDatabase: !exists, safetyBackupId, skipped, validation, warnings, durationMs };
}

/** `<target>_nrb_new_<hex>` (being restored) or `<target>_nrb_old_<hex>` (replaced, during the swap). */
function sideName(target: string, kind: "new" | "old"): string {
  return `${target.slice(0, 40)}_nrb_${kind}_${randomBytes(3).toString("hex")}`;
}

/** Databases a killed restore left (a `_nrb_old_` one may be the only copy of a target that is now missing). */
async function warnAboutLeftovers(admin: Queryable, target: string, logger: Logger): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1", [`${target.slice(0, 40)}_nrb_`]);
  for (const { datname } of rows) {
    logger.warn(`database "${datname}" was left by an interrupted restore: drop a _nrb_new_ one; rename a _nrb_old_ one back to "${target}" if that is missing`, { database: datname });
  }
}


/** `<database>_restored_<YYYYMMDDHHMMSS>` (UTC), always a new name. */
function defaultTargetName(manifest: BackupManifest): string {
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `${manifest.database.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 40)}_restored_${stamp}`;
}
