import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";

/** SHA-256 (hex) and size of one file, streamed. */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** Files of an archive relative to `base`: the file itself, or every file below a directory, sorted. */
export async function listArchiveFiles(base: string, relative: string): Promise<string[]> {
  const full = path.join(base, relative);
  if (!(await stat(full)).isDirectory()) return [relative];
  const entries = await readdir(full, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(base, path.join(e.parentPath, e.name)))
    .sort();
}

/** Total size of a file or of every file below a directory (for progress). */
export async function sizeOf(target: string): Promise<number> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  const entries = await readdir(target, { withFileTypes: true }).catch(() => []);
  let total = 0;
  for (const entry of entries) total += await sizeOf(path.join(entry.parentPath, entry.name));
  return total;
}
