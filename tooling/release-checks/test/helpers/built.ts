import { existsSync } from "node:fs";
import path from "node:path";

import type { WorkspacePackage } from "./workspace.js";
import { normaliseRelative } from "./workspace.js";

/** The package's entry file: its first bin, else the file `start` runs. */
function entryFileOf(pkg: WorkspacePackage): string | undefined {
  const bins = Object.values(pkg.manifest.bin ?? {});
  if (bins.length > 0) return bins[0] && normaliseRelative(bins[0]);
  const start = /^node\s+(\S+)/.exec(pkg.manifest.scripts?.start ?? "")?.[1];
  return start && normaliseRelative(start);
}

/**
 * Names the packages whose build output a test needs but cannot find, with
 * the command that produces it; empty when everything is built.
 */
export function missingBuilds(packages: Map<string, WorkspacePackage>, names: string[]): string[] {
  return names.flatMap((name) => {
    const pkg = packages.get(name);
    if (!pkg) return [`${name} is not in the workspace`];
    const entry = entryFileOf(pkg);
    const file = entry ? path.join(pkg.dir, entry) : path.join(pkg.dir, "dist");
    return existsSync(file) ? [] : [`${name}: ${path.relative(path.dirname(pkg.dir), file)} is missing (run \`pnpm turbo run build --filter=${name}...\`)`];
  });
}
