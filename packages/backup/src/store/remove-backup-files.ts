import { readdir, rm } from "node:fs/promises";
import path from "node:path";

import { fsyncPath } from "./atomic.js";
import { parseArtifactName } from "./layout.js";

/**
 * Deletes every file of one backup id, the manifest first: from that moment
 * the backup no longer exists, even if the process dies before the rest is gone
 * (the next run removes such leftovers). Returns the names removed.
 */
export async function removeBackupFiles(dir: string, id: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => parseArtifactName(name)?.id === id);
  const manifestFirst = names.sort((a, b) => Number(b.endsWith(".manifest.json")) - Number(a.endsWith(".manifest.json")));
  for (const [index, name] of manifestFirst.entries()) {
    await rm(path.join(dir, name), { recursive: true, force: true });
    if (index === 0 && name.endsWith(".manifest.json")) await fsyncPath(dir);
  }
  if (names.length > 0) await fsyncPath(dir);
  return names;
}
