import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { z } from "zod";

import { isNetravenError } from "@netraven/runtime";

import { BackupNotFoundError } from "../errors.js";
import { requireBackupDir } from "./backup-dir.js";
import { isFutureDated } from "./future-dated.js";
import { artifactName, parseArtifactName } from "./layout.js";
import type { BackupManifest } from "./manifest.js";
import { readManifest } from "./manifest.js";

/** The outcome of the last `verify` of a backup, kept next to it. */
export const VerifyRecordSchema = z.object({
  ok: z.boolean(),
  verifiedAt: z.iso.datetime(),
  restoreTested: z.boolean(),
  problems: z.array(z.string()),
});
export type VerifyRecord = z.infer<typeof VerifyRecordSchema>;

/** A complete backup (one with a valid manifest) and its sidecars. */
export interface BackupEntry {
  id: string;
  manifest: BackupManifest;
  /** Started more than the tolerance after the clock now: never "latest", counted by no retention rule. */
  futureDated: boolean;
  /** A pinned backup is never pruned. */
  pinned: boolean;
  lastVerify: VerifyRecord | undefined;
  /** Sum of the recorded file sizes. */
  bytes: number;
}

/** Everything `list` knows about a backup directory. */
export interface Catalog {
  /** Newest first, by the manifest's startedAt (never file mtimes). */
  backups: BackupEntry[];
  /** Manifests that exist but cannot be trusted; such backups do not count anywhere. */
  invalid: { id: string; reason: string }[];
}

/** Reads every manifest in the directory. A missing or unreadable directory is a BackupDirUnavailableError. */
export async function readCatalog(dir: string): Promise<Catalog> {
  await requireBackupDir(dir);
  const names = await readdir(dir);
  const artifacts = names.map(parseArtifactName).filter((a) => a !== undefined && !a.partial);
  const ids = new Set(artifacts.filter((a) => a!.kind === "manifest.json").map((a) => a!.id));
  const pinned = new Set(artifacts.filter((a) => a!.kind === "pin").map((a) => a!.id));
  const catalog: Catalog = { backups: [], invalid: [] };
  for (const id of ids) {
    try {
      const manifest = await readManifest(dir, id);
      catalog.backups.push({
        id,
        manifest,
        futureDated: isFutureDated(manifest.startedAt),
        pinned: pinned.has(id),
        lastVerify: await readVerifyRecord(dir, id),
        bytes: manifest.files.reduce((sum, f) => sum + f.bytes, 0),
      });
    } catch (error) {
      if (!isNetravenError(error)) throw error;
      catalog.invalid.push({ id, reason: error.message });
    }
  }
  catalog.backups.sort((a, b) => Date.parse(b.manifest.startedAt) - Date.parse(a.manifest.startedAt) || (a.id < b.id ? 1 : -1));
  return catalog;
}

/** Finds a complete backup by id, or the newest one not dated in the future for `"latest"` (optionally of one database). */
export async function findBackup(dir: string, ref: string, database?: string): Promise<BackupEntry> {
  const catalog = await readCatalog(dir);
  const match =
    ref === "latest"
      ? catalog.backups.find((b) => !b.futureDated && (database === undefined || b.manifest.database === database))
      : catalog.backups.find((b) => b.id === ref);
  if (match) return match;
  // Re-reading throws the precise reason (an edited or damaged manifest is a data error, not "not found").
  if (catalog.invalid.some((b) => b.id === ref)) await readManifest(dir, ref);
  const what = ref === "latest" ? `no complete backup${database ? ` of database "${database}"` : ""}` : `no complete backup "${ref}"`;
  throw new BackupNotFoundError(`${what} in ${dir}; run netraven-backup list to see what is there, or netraven-backup create to make one`, {
    context: { id: ref, dir },
  });
}

async function readVerifyRecord(dir: string, id: string): Promise<VerifyRecord | undefined> {
  try {
    const parsed = VerifyRecordSchema.safeParse(JSON.parse(await readFile(path.join(dir, artifactName(id, "verify.json")), "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** What the last verify said about a backup: "never" when it was not verified yet. */
export function verificationOf(entry: Pick<BackupEntry, "lastVerify">): "ok" | "failed" | "never" {
  return entry.lastVerify ? (entry.lastVerify.ok ? "ok" : "failed") : "never";
}
