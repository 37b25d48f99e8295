#!/usr/bin/env node
// The Dockerfile's build stage without Docker, then the compose rehearsal on
// its output: proves that what the images carry in /app (pruned deploys,
// no native Prisma engine) runs the whole stack.
//
//   pnpm --filter @netraven/docker test:build [-- --keep]
//
// Mirrors docker/Dockerfile's `prune` and `build` stages step by step in a
// temporary folder (keep the two in step; `test` checks the Dockerfile has
// each step): turbo prune --docker, pnpm install --frozen-lockfile (from the
// local store, offline), turbo run build, pnpm deploy --prod per app,
// prune-deploy.mjs, the native-engine check. Then runs
// test/integration/compose-rehearsal.test.ts with REHEARSAL_APP_ROOT set to
// the deploys. Takes a few minutes; exit 0 when everything passes.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dockerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = path.resolve(dockerDir, "..");
const APPS = ["schema-init", "api", "backup"];
const NATIVE_ENGINE = /^(schema-engine-|libquery_engine|query-engine-)/;
const keep = process.argv.includes("--keep");

function step(title, command, args, cwd, env = {}) {
  console.error(`\n== ${title}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd, stdio: "inherit", env: { ...process.env, CI: "true", TURBO_TELEMETRY_DISABLED: "1", ...env } });
  if (result.status !== 0) throw new Error(`${title} failed (exit ${result.status ?? result.error})`);
}

function findFiles(dir, pattern, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findFiles(full, pattern, found);
    // Regular files only: pnpm links packages (such as @prisma/schema-engine-wasm) with symlinks.
    else if (entry.isFile() && pattern.test(entry.name)) found.push(full);
  }
  return found;
}

function sizeMb(dir) {
  const bytes = findFiles(dir, /./).reduce((sum, file) => sum + statSync(file).size, 0);
  return (bytes / 1024 / 1024).toFixed(0);
}

function main() {
  const work = mkdtempSync(path.join(tmpdir(), "netraven-build-"));
  const [pruned, repo, deploy] = ["pruned", "repo", "deploy"].map((name) => path.join(work, name));
  try {
    step("prune", "pnpm", ["exec", "turbo", "prune", ...APPS.map((app) => `@netraven/${app}`), "--docker", "--out-dir", pruned], repoRoot);
    mkdirSync(repo);
    cpSync(path.join(pruned, "json"), repo, { recursive: true });
    step("install", "pnpm", ["install", "--frozen-lockfile", "--offline"], repo);
    cpSync(path.join(pruned, "full"), repo, { recursive: true });
    step("build", "pnpm", ["exec", "turbo", "run", "build", ...APPS.map((app) => `--filter=@netraven/${app}...`), "--output-logs=errors-only"], repo);
    for (const app of APPS) step(`deploy ${app}`, "pnpm", [`--filter=@netraven/${app}`, "deploy", "--prod", "--legacy", path.join(deploy, app)], repo);
    for (const app of APPS) step(`prune ${app}`, process.execPath, [path.join(dockerDir, "scripts/prune-deploy.mjs"), path.join(deploy, app)], repo);
    const engines = findFiles(deploy, NATIVE_ENGINE);
    if (engines.length > 0) throw new Error(`a native Prisma engine reached the deploys: ${engines.join(", ")}`);
    for (const app of APPS) console.error(`${app}: ${sizeMb(path.join(deploy, app))} MB in /app`);
    step("rehearsal", "pnpm", ["exec", "vitest", "run", "--project", "integration", "test/integration/compose-rehearsal.test.ts"], dockerDir, { REHEARSAL_APP_ROOT: deploy });
  } catch (error) {
    console.error(`\ntest:build failed: ${error.message}`);
    return 1;
  } finally {
    if (keep) console.error(`Kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  console.error("\ntest:build passed: the build stage's output runs the compose sequence.");
  return 0;
}

process.exitCode = main();
