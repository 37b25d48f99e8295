import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { repoRoot } from "./paths.js";

/** The fields of a workspace package.json this package reads. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  bin?: Record<string, string>;
  scripts?: Record<string, string>;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
}

/** A workspace package and its folder. */
export interface WorkspacePackage {
  dir: string;
  manifest: PackageManifest;
}

/** The workspace packages (apps/*, packages/*, tooling/* and docker), by name. */
export function workspacePackages(root = repoRoot): Map<string, WorkspacePackage> {
  const found = new Map<string, WorkspacePackage>();
  const dirs = ["apps", "packages", "tooling"].flatMap((group) => {
    const groupDir = path.join(root, group);
    return existsSync(groupDir) ? readdirSync(groupDir).map((entry) => path.join(groupDir, entry)) : [];
  });
  for (const dir of [...dirs, path.join(root, "docker")]) {
    const file = path.join(dir, "package.json");
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, "utf8")) as PackageManifest;
    found.set(manifest.name, { dir, manifest });
  }
  return found;
}

/** `./dist/cli.js` and `dist/cli.js` name the same file. */
export function normaliseRelative(file: string): string {
  return path.posix.normalize(file).replace(/^\.\//, "");
}
