import { stat } from "node:fs/promises";
import path from "node:path";

import { hashFile, listArchiveFiles } from "../store/checksum.js";
import type { BackupManifest } from "../store/manifest.js";

/**
 * Compares every file of a backup with its manifest: present, same size,
 * same SHA-256, and (for directory archives) nothing added. pg_dump archives
 * carry no checksum of their own, so this is the only check that catches a
 * flipped byte in an uncompressed archive. Returns one message per problem.
 */
export async function checkFiles(dir: string, manifest: BackupManifest): Promise<string[]> {
  const problems: string[] = [];
  for (const file of manifest.files) {
    const full = path.join(dir, file.path);
    const info = await stat(full).catch(() => undefined);
    if (!info) {
      problems.push(`${file.path} is missing`);
      continue;
    }
    if (info.size !== file.bytes) {
      const how = info.size < file.bytes ? "truncated" : "grown";
      problems.push(`${file.path} is ${info.size} bytes but the manifest recorded ${file.bytes} (${how})`);
      continue;
    }
    const { sha256 } = await hashFile(full);
    if (sha256 !== file.sha256) {
      problems.push(`${file.path} does not match its checksum (sha256 ${sha256.slice(0, 12)}…, manifest ${file.sha256.slice(0, 12)}…): it changed after the backup was written`);
    }
  }
  if (manifest.format === "directory") {
    const recorded = new Set(manifest.files.map((f) => f.path));
    const present = await listArchiveFiles(dir, manifest.archive).catch(() => []);
    for (const extra of present.filter((p) => !recorded.has(p))) problems.push(`${extra} is not part of the backup as written`);
  }
  return problems;
}
