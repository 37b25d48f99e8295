import path from "node:path";

import type { PgVersion } from "./version.js";
import { majorNum } from "./version.js";

/** A directory with a working pg_dump of a known version. */
export interface ClientCandidate {
  dir: string;
  version: PgVersion;
}

/** Inputs of {@link searchOrder}. */
export interface SearchOrderInput {
  pgBin: string | undefined;
  searchPath: string;
  /** Versioned install directories found on disk. */
  versionedDirs: { dir: string; major: number }[];
}

/** Directories to probe, in order: PG_BIN alone; else PATH, then versioned installs newest first. */
export function searchOrder(input: SearchOrderInput): string[] {
  if (input.pgBin) return [path.resolve(input.pgBin)];
  const fromPath = input.searchPath.split(path.delimiter).filter(Boolean);
  const versioned = [...input.versionedDirs].sort((a, b) => b.major - a.major).map((v) => v.dir);
  return [...new Set([...fromPath, ...versioned])];
}

/**
 * The candidate of the lowest major that is at least the required one; the
 * earlier (PATH before install directories) wins a tie. Undefined when none is new enough.
 */
export function chooseClient(candidates: ClientCandidate[], minVersionNum: number): ClientCandidate | undefined {
  const need = majorNum(minVersionNum);
  let best: ClientCandidate | undefined;
  for (const candidate of candidates) {
    const major = majorNum(candidate.version.num);
    if (major < need) continue;
    if (!best || major < majorNum(best.version.num)) best = candidate;
  }
  return best;
}
