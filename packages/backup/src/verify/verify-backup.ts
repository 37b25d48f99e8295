import os from "node:os";
import path from "node:path";

import { isNetravenError } from "@netraven/runtime";

import type { Logger } from "@netraven/runtime";
import { createLogger } from "@netraven/runtime";
import { findPgClient } from "../pg/find-pg-client.js";
import type { PgRunOptions } from "../run-options.js";
import type { ToolContext } from "../pg/tool-context.js";
import { countTocEntries, createToolContext, runTool } from "../pg/tool-context.js";
import { writeFileAtomic } from "../store/atomic.js";
import { withLock } from "../store/backup-lock.js";
import type { VerifyRecord } from "../store/catalog.js";
import { findBackup } from "../store/catalog.js";
import { artifactName } from "../store/layout.js";
import type { BackupManifest } from "../store/manifest.js";
import { checkFiles } from "./check-files.js";
import type { RestoreTestResult } from "./restore-test.js";
import { runRestoreTest } from "./restore-test.js";

/**
 * Failures that say nothing about the backup (no client, no privilege, a
 * scratch server that is down or cannot create a database): they end the
 * command instead of being recorded as a failed verification, which retention
 * would then hold against the backup.
 */
const NOT_ABOUT_THE_BACKUP = new Set<string>([
  "INTERRUPTED",
  "CONFIG_INVALID",
  "PG_TOOL_NOT_FOUND",
  "PG_CLIENT_TOO_OLD",
  "PRIVILEGE_MISSING",
  "RESTORE_FAILED",
  "DB_UNREACHABLE",
  "DB_ACCESS_DENIED",
  "DB_NOT_FOUND",
]);

/** Options for {@link verifyBackup}. */
export interface VerifyBackupOptions extends PgRunOptions {
  /** Backup directory. */
  dir: string;
  /** Backup id or "latest". @default "latest" */
  id?: string;
  /** Also restore into a scratch database and compare row counts. @default false */
  restoreTest?: boolean;
  /** Server for the test restore (any database on it). Required with `restoreTest`. @default undefined */
  scratchDatabaseUrl?: string | undefined;
  /** Parallel jobs for the test restore. @default 1 */
  jobs?: number;
  /** The caller already holds the directory lock (the scheduler does). @default false */
  lockHeld?: boolean;
}

/** One verification step. */
export interface VerifyCheck {
  name: "files" | "toc" | "full-read" | "restore-test";
  ok: boolean;
  /** What was found; on failure, the reason. */
  detail: string;
  durationMs: number;
}

/** The outcome of {@link verifyBackup}; `ok` is false when any check failed. */
export interface VerifyReport {
  ok: boolean;
  id: string;
  /** When the backup's dump started (its age counts from here). */
  backupStartedAt: string;
  /** Sum of the backup's files, as the manifest records them. */
  bytes: number;
  checks: VerifyCheck[];
  /** Every failure reason, in check order. */
  problems: string[];
  restoreTest: RestoreTestResult | undefined;
  durationMs: number;
}

/**
 * Verifies a backup in layers: (1) sizes and SHA-256 against the manifest,
 * (2) `pg_restore --list` and its entry count, (3) a full read with
 * `pg_restore -f /dev/null` (catches truncation and compressed-data damage
 * that the TOC listing misses), (4) optionally a test restore. Records the
 * outcome next to the backup; returns a report instead of throwing on a bad backup.
 */
export async function verifyBackup(options: VerifyBackupOptions): Promise<VerifyReport> {
  const logger = options.logger ?? createLogger();
  const run = () => verifyLocked(options, logger);
  if (options.lockHeld) return run();
  return withLock({ dir: options.dir, command: "verify", timeoutMs: options.lockTimeoutMs, signal: options.signal, logger }, run);
}

async function verifyLocked(options: VerifyBackupOptions, logger: Logger): Promise<VerifyReport> {
  const started = performance.now();
  const { manifest } = await findBackup(options.dir, options.id ?? "latest");
  const checks: VerifyCheck[] = [];
  const step = async (name: VerifyCheck["name"], fn: () => Promise<string[] | string>) => {
    const t0 = performance.now();
    let problems: string[];
    let detail = "";
    try {
      const out = await fn();
      problems = Array.isArray(out) ? out : [];
      detail = Array.isArray(out) ? problems.join("; ") : out;
    } catch (error) {
      if (!isNetravenError(error) || NOT_ABOUT_THE_BACKUP.has(error.code)) throw error;
      problems = [error.message];
      detail = error.message;
    }
    checks.push({ name, ok: problems.length === 0, detail: problems.length === 0 ? detail || "ok" : detail, durationMs: Math.round(performance.now() - t0) });
    return problems.length === 0;
  };

  await step("files", async () => {
    const problems = await checkFiles(options.dir, manifest);
    return problems.length ? problems : `${manifest.files.length} file(s), sizes and sha256 match`;
  });
  const ctx = await readContext(options, manifest, logger);
  const archive = path.join(options.dir, manifest.archive);
  await step("toc", async () => {
    const entries = await countTocEntries(ctx, archive);
    return entries === manifest.tocEntries ? `${entries} entries` : [`the table of contents lists ${entries} entries, the manifest recorded ${manifest.tocEntries}`];
  });
  await step("full-read", async () => {
    await runTool(ctx, "pg_restore", ["--file", os.devNull, archive]);
    return "every entry read";
  });
  let restoreTest: RestoreTestResult | undefined;
  if (options.restoreTest) {
    if (checks.every((c) => c.ok)) {
      await step("restore-test", async () => {
        restoreTest = await runRestoreTest({
          dir: options.dir,
          manifest,
          serverUrl: requireScratch(options.scratchDatabaseUrl),
          jobs: options.jobs ?? 1,
          pgBin: options.pgBin,
          searchPath: options.searchPath ?? "",
          childEnv: options.childEnv ?? {},
          timeoutMs: options.timeoutMs,
          waitTimeoutMs: options.waitTimeoutMs,
          signal: options.signal,
          logger,
          onProgress: options.onProgress,
        });
        return restoreTest.mismatches.length ? restoreTest.mismatches : `${restoreTest.tables} tables, row counts match`;
      });
    } else {
      checks.push({ name: "restore-test", ok: false, detail: "skipped: the backup already failed verification", durationMs: 0 });
    }
  }
  const problems = checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
  const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  const report: VerifyReport = { ok: problems.length === 0, id: manifest.id, backupStartedAt: manifest.startedAt, bytes, checks, problems, restoreTest, durationMs: Math.round(performance.now() - started) };
  await recordVerification(options.dir, report);
  (report.ok ? logger.info : logger.error)(report.ok ? "backup verified" : "backup failed verification", { id: manifest.id, problems });
  return report;
}

async function readContext(options: VerifyBackupOptions, manifest: BackupManifest, logger: Logger): Promise<ToolContext> {
  const client = await findPgClient({
    pgBin: options.pgBin,
    searchPath: options.searchPath,
    minVersion: manifest.pgDump,
    minVersionOf: "the pg_dump that wrote the backup",
    logger,
  });
  // Reading an archive needs no server connection.
  return createToolContext({ client, childEnv: options.childEnv ?? {}, signal: options.signal, timeoutMs: options.timeoutMs, logger });
}

function requireScratch(url: string | undefined): string {
  if (!url) throw new TypeError("restoreTest needs scratchDatabaseUrl (or DATABASE_URL) to know where to restore");
  return url;
}

async function recordVerification(dir: string, report: VerifyReport): Promise<void> {
  const record: VerifyRecord = {
    ok: report.ok,
    verifiedAt: new Date().toISOString(),
    restoreTested: report.checks.some((c) => c.name === "restore-test" && c.ok),
    problems: report.problems,
  };
  await writeFileAtomic(path.join(dir, artifactName(report.id, "verify.json")), `${JSON.stringify(record, null, 2)}\n`);
}
