import { randomBytes } from "node:crypto";
import path from "node:path";

import type { Logger } from "@netraven/runtime";
import { withConnection } from "../pg/connect.js";
import { withDatabaseName } from "../pg/connection-env.js";
import { countRows, listUserTables, readDatabaseFacts } from "../pg/database-facts.js";
import { findPgClient } from "../pg/find-pg-client.js";
import { newerVersion } from "../pg/newer-version.js";
import { createToolContext } from "../pg/tool-context.js";
import { createDatabase, dropDatabase } from "../restore/databases.js";
import { requireCreateDb, readRoleFacts } from "../restore/privileges.js";
import { restoreArchive } from "../restore/restore-archive.js";
import type { Progress } from "../progress/table-progress.js";
import type { BackupManifest } from "../store/manifest.js";

/** Options for {@link runRestoreTest}. */
export interface RestoreTestOptions {
  dir: string;
  manifest: BackupManifest;
  /** Any database on the server that hosts the scratch database. */
  serverUrl: string;
  jobs: number;
  pgBin: string | undefined;
  searchPath: string;
  childEnv: Record<string, string>;
  timeoutMs: number | undefined;
  /** How long to wait for the scratch server. @default 0 */
  waitTimeoutMs?: number | undefined;
  signal: AbortSignal | undefined;
  logger: Logger;
  onProgress?: ((progress: Progress) => void) | undefined;
}

/** What a test restore found. */
export interface RestoreTestResult {
  /** The scratch database (already dropped). */
  database: string;
  tables: number;
  /** Differences from the manifest's row counts (empty = identical). */
  mismatches: string[];
  durationMs: number;
}

/**
 * Restores a backup into a scratch database, compares the row count of
 * every table with the manifest, and drops the scratch database whatever
 * happens. Owners and grants are skipped: the scratch server's roles may differ.
 */
export async function runRestoreTest(options: RestoreTestOptions): Promise<RestoreTestResult> {
  const started = performance.now();
  const { manifest, serverUrl } = options;
  const database = `nrb_restore_test_${randomBytes(5).toString("hex")}`;
  return withConnection(serverUrl, async (admin) => {
    const server = (await readDatabaseFacts(admin)).server;
    const need = newerVersion({ version: server, of: "the scratch server" }, { version: manifest.pgDump, of: "the pg_dump that wrote the backup" });
    const client = await findPgClient({ pgBin: options.pgBin, searchPath: options.searchPath, minVersion: need.version, minVersionOf: need.of, logger: options.logger });
    requireCreateDb(
      await readRoleFacts(admin),
      "the test restore (it restores into a scratch database and drops it)",
      "or set BACKUP_SCRATCH_DATABASE_URL to a server where the role has it; verify without --restore-test needs no database at all",
    );
    const ctx = createToolContext({ client, databaseUrl: serverUrl, database, childEnv: options.childEnv, signal: options.signal, timeoutMs: options.timeoutMs, logger: options.logger });
    await createDatabase(admin, database, manifest.encoding);
    try {
      options.logger.info("test restore", { id: manifest.id, database });
      await restoreArchive(ctx, {
        archive: path.join(options.dir, manifest.archive),
        database,
        jobs: options.jobs,
        noOwner: true,
        progress: {
          phase: "restore-test",
          tableBytes: manifest.tableBytes,
          expectedRows: manifest.rowCounts,
          databaseUrl: withDatabaseName(serverUrl, database),
          onProgress: options.onProgress,
        },
      });
      const counts = await withConnection(withDatabaseName(serverUrl, database), async (db) => countRows(db, await listUserTables(db)));
      return { database, tables: Object.keys(counts).length, mismatches: compareCounts(manifest.rowCounts, counts), durationMs: Math.round(performance.now() - started) };
    } finally {
      await dropDatabase(admin, database);
    }
  }, { waitTimeoutMs: options.waitTimeoutMs, logger: options.logger, signal: options.signal });
}

/** Differences between recorded and restored row counts, one message each. */
export function compareCounts(expected: Record<string, number> | null, actual: Record<string, number>): string[] {
  if (!expected) return [];
  const problems: string[] = [];
  for (const [table, rows] of Object.entries(expected)) {
    if (!(table in actual)) problems.push(`table ${table} is missing after the restore`);
    else if (actual[table] !== rows) problems.push(`table ${table} has ${actual[table]} rows after the restore, the manifest recorded ${rows}`);
  }
  for (const table of Object.keys(actual)) if (!(table in expected)) problems.push(`table ${table} appeared in the restore but not in the manifest`);
  return problems;
}
