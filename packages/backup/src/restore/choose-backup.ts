import { readdir } from "node:fs/promises";

import { BackupNotFoundError, BackupVerificationError } from "../errors.js";
import type { BackupEntry } from "../store/catalog.js";
import { findBackup, readCatalog } from "../store/catalog.js";
import { idStartedAt, parseArtifactName } from "../store/layout.js";
import { checkFiles } from "../verify/check-files.js";

/** A backup `restore latest` passed over, and why. */
export interface SkippedBackup {
  id: string;
  reason: string;
}

/** The backup a restore uses, and (for "latest") the newer ones it skipped. */
export interface ChosenBackup {
  entry: BackupEntry;
  skipped: SkippedBackup[];
}

/**
 * Resolves the backup to restore. An explicit id must pass the checksum check
 * or the restore is refused. "latest" is the newest backup that verifies:
 * newer ones with a damaged or missing manifest, a failed last verify, files
 * that differ from their manifest, or a start time in the future are skipped
 * and named with the reason, never silently.
 */
export async function chooseBackup(dir: string, ref: string): Promise<ChosenBackup> {
  if (ref !== "latest") {
    const entry = await findBackup(dir, ref);
    const damaged = await checkFiles(dir, entry.manifest);
    if (damaged.length > 0) {
      throw new BackupVerificationError(`refusing to restore ${entry.id}: ${damaged.join("; ")}; restore an older backup instead`, {
        context: { id: entry.id, problems: damaged },
      });
    }
    return { entry, skipped: [] };
  }
  const catalog = await readCatalog(dir);
  const candidates: { id: string; time: number; entry?: BackupEntry; reason?: string }[] = [
    ...catalog.backups.map((entry) => ({ id: entry.id, time: Date.parse(entry.manifest.startedAt), entry })),
    ...catalog.invalid.map((bad) => ({ id: bad.id, time: idStartedAt(bad.id)?.getTime() ?? 0, reason: bad.reason })),
    ...(await unlisted(dir, catalog)).map((id) => ({
      id,
      time: idStartedAt(id)?.getTime() ?? 0,
      reason: "it has no manifest (deleted, or its run was interrupted), so nothing vouches for its files",
    })),
  ].sort((a, b) => b.time - a.time || (a.id < b.id ? 1 : -1));
  const skipped: SkippedBackup[] = [];
  for (const candidate of candidates) {
    const reason = candidate.reason ?? (await problemOf(dir, candidate.entry!));
    if (!reason) return { entry: candidate.entry!, skipped };
    skipped.push({ id: candidate.id, reason });
  }
  const detail = skipped.map((s) => `${s.id}: ${s.reason}`).join("; ");
  if (skipped.length === 0) {
    throw new BackupNotFoundError(`no complete backup in ${dir}; run netraven-backup list to see what is there, or netraven-backup create to make one`, {
      context: { id: ref, dir },
    });
  }
  throw new BackupVerificationError(`no backup in ${dir} verifies, so there is nothing safe to restore: ${detail}`, { context: { dir, skipped } });
}

async function problemOf(dir: string, entry: BackupEntry): Promise<string | undefined> {
  if (entry.futureDated) return `it is dated in the future (${entry.manifest.startedAt}); check the clock of the host that wrote it`;
  if (entry.lastVerify?.ok === false) return `its last verify failed: ${entry.lastVerify.problems.join("; ")}`;
  const damaged = await checkFiles(dir, entry.manifest);
  return damaged.length > 0 ? damaged.join("; ") : undefined;
}

/** Ids with a finished archive but no manifest at all (not even a damaged one). */
async function unlisted(dir: string, catalog: Awaited<ReturnType<typeof readCatalog>>): Promise<string[]> {
  const known = new Set([...catalog.backups.map((b) => b.id), ...catalog.invalid.map((b) => b.id)]);
  const ids = new Set<string>();
  for (const name of await readdir(dir)) {
    const artifact = parseArtifactName(name);
    if (artifact && !artifact.partial && (artifact.kind === "dump" || artifact.kind === "dir") && !known.has(artifact.id)) ids.add(artifact.id);
  }
  return [...ids];
}
