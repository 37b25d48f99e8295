import { access } from "node:fs/promises";
import path from "node:path";

import { configError } from "@netraven/runtime";
import type { Logger } from "@netraven/runtime";
import { createLogger } from "@netraven/runtime";
import type { Compression } from "../pg/compression.js";
import { compressionArgs, parseCompression } from "../pg/compression.js";
import { connectionTarget } from "../pg/connection-env.js";
import { findPgClient } from "../pg/find-pg-client.js";
import { createToolContext } from "../pg/tool-context.js";
import type { PgRunOptions } from "../run-options.js";
import { withLock } from "../store/backup-lock.js";
import { readCatalog } from "../store/catalog.js";
import { artifactName, newBackupId, PARTIAL_SUFFIX } from "../store/layout.js";
import { removeLeftovers } from "../store/leftovers.js";
import type { BackupManifest } from "../store/manifest.js";
import { writeManifest } from "../store/manifest.js";
import { removeBackupFiles } from "../store/remove-backup-files.js";
import { checkFreeSpace, ensureWritableDir } from "../store/preflight.js";
import { TOOL_NAME, TOOL_VERSION } from "../version.js";
import { runDumpPhase } from "./dump-phase.js";
import { sealArchive } from "./seal-archive.js";
import { openSnapshotSession } from "./snapshot-session.js";

/** Options for {@link createBackup}. */
export interface CreateBackupOptions extends PgRunOptions {
  /** Database to dump. The password reaches pg_dump through its environment only. */
  databaseUrl: string;
  /** Backup directory (created when missing). */
  dir: string;
  /** Archive format. @default "custom" */
  format?: "custom" | "directory";
  /** `gzip[:level]`, `zstd[:level]`, `lz4[:level]`, `none` or a parsed value. @default "gzip:1" */
  compression?: Compression | string;
  /** Parallel pg_dump jobs (directory format only). @default 1 */
  jobs?: number;
  /** Dump roles and tablespaces next to the database when permitted. @default true */
  globals?: boolean;
  /** Count rows per table in the dump's snapshot. @default true */
  rowCounts?: boolean;
  /** Schema of `_prisma_migrations`. @default "public" */
  schema?: string;
  /** The caller already holds the directory lock (the scheduler does). @default false */
  lockHeld?: boolean;
}

/** A complete backup. */
export interface CreateBackupResult {
  ok: true;
  id: string;
  manifest: BackupManifest;
  durationMs: number;
  /** Sum of the backup's files. */
  bytes: number;
  /** Leftovers of interrupted runs removed before this one started. */
  removedLeftovers: string[];
}

/**
 * Dumps a database into the backup directory under the directory lock:
 * `.partial` files, fsync, rename, then the manifest last. On any failure
 * (or abort) this run's files are removed, so no half backup is ever listed.
 */
export async function createBackup(options: CreateBackupOptions): Promise<CreateBackupResult> {
  const logger = options.logger ?? createLogger();
  await ensureWritableDir(options.dir);
  const run = () => createBackupLocked(options, logger);
  if (options.lockHeld) return run();
  return withLock({ dir: options.dir, command: "create", timeoutMs: options.lockTimeoutMs, signal: options.signal, logger }, run);
}

async function createBackupLocked(options: CreateBackupOptions, logger: Logger): Promise<CreateBackupResult> {
  const dir = options.dir;
  const removedLeftovers = await removeLeftovers(dir, logger);
  const sourceDb = connectionTarget(options.databaseUrl).database;
  const previous = (await readCatalog(dir)).backups.find((b) => !b.futureDated && b.manifest.database === sourceDb);
  await checkFreeSpace(dir, previous?.bytes);

  const compression = resolveCompression(options.compression);
  const format = options.format ?? "custom";
  const jobs = format === "directory" ? (options.jobs ?? 1) : 1;
  const startedAt = new Date();
  // Our own abort stops pg_dump when the parallel row count fails.
  const internal = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, internal.signal]) : internal.signal;
  const session = await openSnapshotSession(options.databaseUrl, logger, { waitTimeoutMs: options.waitTimeoutMs, signal: options.signal });
  let id: string | undefined;
  try {
    const facts = session.facts;
    const client = await findPgClient({ pgBin: options.pgBin, searchPath: options.searchPath, minVersion: facts.server, minVersionOf: "the server", logger });
    const ctx = createToolContext({
      client,
      databaseUrl: options.databaseUrl,
      childEnv: options.childEnv ?? {},
      signal,
      timeoutMs: options.timeoutMs,
      logger,
    });
    const dumpArgs = [...compressionArgs(compression, client.version.num, client.version.text), "--no-password"];
    id = await uniqueId(dir, newBackupId(facts.database, startedAt));
    const archive = artifactName(id, format === "custom" ? "dump" : "dir");
    const archivePartial = path.join(dir, archive + PARTIAL_SUFFIX);
    dumpArgs.push("--format", format, "--file", archivePartial, "--verbose");
    if (jobs > 1) dumpArgs.push("--jobs", String(jobs));
    if (session.snapshot) dumpArgs.push("--snapshot", session.snapshot);
    logger.info("dumping database", { id, database: facts.database, server: facts.server.text, pgDump: client.version.text, format, compression });

    const globalsFile = options.globals === false ? undefined : artifactName(id, "globals.sql");
    const dumped = await runDumpPhase(ctx, session, {
      dumpArgs,
      databaseUrl: options.databaseUrl,
      globalsPartial: globalsFile && path.join(dir, globalsFile + PARTIAL_SUFFIX),
      schema: options.schema ?? "public",
      rowCounts: options.rowCounts !== false,
      abort: () => internal.abort(),
      onProgress: options.onProgress,
      progressIntervalMs: options.progressIntervalMs,
    });
    await session.close();
    const { tocEntries, files } = await sealArchive(ctx, dir, archive, dumped.globals.included ? globalsFile : undefined);

    const finishedAt = new Date();
    const target = connectionTarget(options.databaseUrl);
    const manifest = await writeManifest(dir, {
      manifestVersion: 1,
      id,
      database: facts.database,
      encoding: facts.encoding,
      server: { ...facts.server, host: target.host, port: target.port },
      pgDump: { ...client.version, path: client.pgDump },
      format,
      compression: { method: compression.method, ...(compression.level === undefined ? {} : { level: compression.level }) },
      jobs,
      archive,
      files,
      tocEntries,
      globals: dumped.globals,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      latestMigration: dumped.latestMigration,
      rowCounts: dumped.rowCounts,
      databaseState: dumped.databaseState,
      tableBytes: dumped.tableBytes,
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
    });
    const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
    logger.info("backup complete", { id, bytes, durationMs: manifest.durationMs, tocEntries });
    return { ok: true, id, manifest, durationMs: manifest.durationMs, bytes, removedLeftovers };
  } catch (error) {
    await session.abort();
    if (id) await removeBackupFiles(dir, id).catch((cleanupError: unknown) => logger.warn("cannot remove the failed run's files", { error: String(cleanupError) }));
    throw error;
  }
}

function resolveCompression(value: Compression | string | undefined): Compression {
  if (value === undefined) return { method: "gzip", level: 1 };
  if (typeof value !== "string") return value;
  const parsed = parseCompression(value);
  if (typeof parsed === "string") throw configError([`compression: ${parsed}`]);
  return parsed;
}

// Ids carry milliseconds, so a clash needs two runs in the same millisecond
// under one lock; a suffix keeps even that from overwriting anything.
async function uniqueId(dir: string, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    const taken = await access(path.join(dir, artifactName(id, "manifest.json"))).then(
      () => true,
      () => false,
    );
    if (!taken) return id;
  }
}
