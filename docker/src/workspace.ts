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

/** The packages under apps/ and packages/, by name. */
export function workspacePackages(root = repoRoot): Map<string, WorkspacePackage> {
  const found = new Map<string, WorkspacePackage>();
  for (const group of ["apps", "packages"]) {
    const groupDir = path.join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir)) {
      const file = path.join(groupDir, entry, "package.json");
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, "utf8")) as PackageManifest;
      found.set(manifest.name, { dir: path.dirname(file), manifest });
    }
  }
  return found;
}

/** `./dist/cli.js` and `dist/cli.js` name the same file. */
export function normaliseRelative(file: string): string {
  return path.posix.normalize(file).replace(/^\.\//, "");
}
