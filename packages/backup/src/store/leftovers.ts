import { readdir, rm } from "node:fs/promises";
import path from "node:path";

import type { Logger } from "@netraven/runtime";
import { fsyncPath } from "./atomic.js";
import { parseArtifactName } from "./layout.js";

/**
 * Deletes what interrupted runs left behind: every `.partial` file of ours,
 * and the files of any backup id that has no manifest (killed after its dump
 * was renamed but before its manifest was written). Call only while holding
 * the lock: then nobody else is writing. Returns the names removed.
 */
export async function removeLeftovers(dir: string, logger?: Logger): Promise<string[]> {
  const names = await readdir(dir);
  const artifacts = names.map((name) => ({ name, artifact: parseArtifactName(name) }));
  const complete = new Set(artifacts.filter((a) => a.artifact?.kind === "manifest.json" && !a.artifact.partial).map((a) => a.artifact!.id));
  const removed: string[] = [];
  for (const { name, artifact } of artifacts) {
    if (!artifact || (!artifact.partial && complete.has(artifact.id))) continue;
    await rm(path.join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  if (removed.length > 0) {
    await fsyncPath(dir);
    logger?.warn("removed files left by an interrupted run", { files: removed });
  }
  return removed;
}
