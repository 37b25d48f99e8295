import path from "node:path";

import type { ToolContext } from "../pg/tool-context.js";
import { countTocEntries } from "../pg/tool-context.js";
import { promotePartial } from "../store/atomic.js";
import { hashFile, listArchiveFiles } from "../store/checksum.js";
import { PARTIAL_SUFFIX } from "../store/layout.js";
import type { ManifestFile } from "../store/manifest.js";

/** What {@link sealArchive} recorded. */
export interface SealedArchive {
  tocEntries: number;
  files: ManifestFile[];
}

/**
 * Reads the finished `.partial` files once more (TOC listing and SHA-256 at
 * the same time), then fsyncs and renames them to their final names. The
 * manifest, written after this, is what makes them a backup.
 */
export async function sealArchive(ctx: ToolContext, dir: string, archive: string, globalsFile: string | undefined): Promise<SealedArchive> {
  const [tocEntries, files] = await Promise.all([
    countTocEntries(ctx, path.join(dir, archive + PARTIAL_SUFFIX)),
    hashPartials(dir, archive, globalsFile),
  ]);
  await promotePartial(path.join(dir, archive + PARTIAL_SUFFIX), path.join(dir, archive));
  if (globalsFile) await promotePartial(path.join(dir, globalsFile + PARTIAL_SUFFIX), path.join(dir, globalsFile));
  return { tocEntries, files };
}

// Hashes the partial files but records the names they will have.
async function hashPartials(dir: string, archive: string, globalsFile: string | undefined): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  const partial = archive + PARTIAL_SUFFIX;
  for (const relative of await listArchiveFiles(dir, partial)) {
    files.push({ role: "dump", path: archive + relative.slice(partial.length), ...(await hashFile(path.join(dir, relative))) });
  }
  if (globalsFile) files.push({ role: "globals", path: globalsFile, ...(await hashFile(path.join(dir, globalsFile + PARTIAL_SUFFIX))) });
  return files;
}
