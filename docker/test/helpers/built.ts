import { existsSync } from "node:fs";
import path from "node:path";

import { entryFileOf } from "../../src/checks/service-commands.js";
import type { WorkspacePackage } from "../../src/workspace.js";

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
