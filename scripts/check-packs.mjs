#!/usr/bin/env node
// Release check: every publishable package installs and works from its tarball.
//
//   node scripts/check-packs.mjs [--keep]
//
// For each workspace package under packages/ that is not private:
//   1. `pnpm pack` (which rewrites workspace: and catalog: ranges to versions);
//   2. publint on the tarball, strict: any error, warning or suggestion fails;
// then installs all tarballs together into an empty folder with npm, as a
// consumer would (dependencies come from the registry, our packages from the
// tarballs), and from there:
//   3. every bin runs `--help` and exits 0;
//   4. every export subpath resolves to files inside the package (types too),
//      and is imported unless it needs an optional peer (vitest) not installed.
// Build first (`pnpm build`). --keep leaves the temp folder for inspection.
//
// Exit codes: 0 all packages pass; 1 a check failed (each failure is listed);
// 66 a package has not been built (dist/ missing).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { publint } from "publint";
import { formatMessage } from "publint/utils";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const keep = process.argv.includes("--keep");

/** Runs a command; returns its result, never throws on a non-zero exit or a timeout. */
function run(command, args, cwd, timeoutMs = 0) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: timeoutMs, env: { ...process.env, npm_config_update_notifier: "false" } });
  if (result.error?.code === "ETIMEDOUT") {
    return { code: 1, stdout: result.stdout ?? "", stderr: `${command} ${args[0]} did not finish in ${timeoutMs / 1000} s and was stopped. Is the npm registry reachable, and does npm trust its TLS certificate (npm_config_cafile)? See ~/.npm/_logs.` };
  }
  return { code: result.status ?? 1, stdout: result.stdout ?? "", stderr: result.stderr ?? String(result.error ?? "") };
}

// npm retries a registry it cannot reach (or whose certificate it rejects) for
// minutes; stop it before the test's own timeout so the failure says why.
const INSTALL_TIMEOUT_MS = 240_000;

function publishablePackages() {
  const dir = path.join(repoRoot, "packages");
  return readdirSync(dir)
    .map((entry) => path.join(dir, entry))
    .filter((pkgDir) => existsSync(path.join(pkgDir, "package.json")))
    .map((pkgDir) => ({ dir: pkgDir, manifest: JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) }))
    .filter(({ manifest }) => manifest.private !== true)
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

async function lint(tarball) {
  const bytes = readFileSync(tarball);
  // With a tarball, publint reads the packed files only (pkgDir is its root inside).
  const { messages, pkg: packed } = await publint({
    pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
    level: "suggestion",
    strict: true,
  });
  return messages.map((message) => `publint ${message.type}: ${formatMessage(message, packed, { color: false }) ?? message.code}`);
}

// Every export's files must exist in the installed package; each is imported
// in a fresh Node unless it fails only for want of an optional peer.
function checkExports(consumerDir, manifest) {
  const failures = [];
  const optionalPeers = Object.keys(manifest.peerDependenciesMeta ?? {}).filter((name) => manifest.peerDependenciesMeta[name]?.optional);
  const installedDir = path.join(consumerDir, "node_modules", ...manifest.name.split("/"));
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    const files = typeof target === "string" ? [target] : Object.values(target);
    for (const file of files) {
      if (!existsSync(path.join(installedDir, file))) failures.push(`export ${subpath}: ${file} is not in the tarball`);
    }
    if (subpath === "./package.json") continue;
    const specifier = path.posix.join(manifest.name, subpath);
    const imported = run(process.execPath, ["--input-type=module", "-e", `await import(${JSON.stringify(specifier)})`], consumerDir);
    const missingPeer = optionalPeers.find((peer) => imported.stderr.includes(`Cannot find package '${peer}'`));
    if (imported.code !== 0 && !missingPeer) failures.push(`import ${specifier} failed:\n${imported.stderr.trim().split("\n").slice(0, 6).join("\n")}`);
  }
  return failures;
}

async function main() {
  const packages = publishablePackages();
  const unbuilt = packages.filter((pkg) => !existsSync(path.join(pkg.dir, "dist")));
  if (unbuilt.length > 0) {
    console.error(`Not built: ${unbuilt.map((pkg) => pkg.manifest.name).join(", ")}. Run \`pnpm build\` first.`);
    return 66;
  }
  const work = mkdtempSync(path.join(tmpdir(), "netraven-packs-"));
  const failures = [];
  const rows = [];
  try {
    const tarballs = [];
    for (const pkg of packages) {
      const packed = run("pnpm", ["pack", "--pack-destination", work, "--json"], pkg.dir);
      if (packed.code !== 0) {
        failures.push(`${pkg.manifest.name}: pnpm pack failed:\n${packed.stderr}`);
        continue;
      }
      const { filename, files } = JSON.parse(packed.stdout);
      tarballs.push(filename);
      const problems = await lint(filename);
      failures.push(...problems.map((problem) => `${pkg.manifest.name}: ${problem}`));
      rows.push({ name: pkg.manifest.name, files: files.length, kB: Math.round(readFileSync(filename).length / 1024), publint: problems.length === 0 ? "ok" : "FAIL" });
    }
    const consumer = path.join(work, "consumer");
    mkdirSync(consumer);
    writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "pack-consumer", private: true, type: "module" }));
    // --ignore-scripts: the Prisma CLI (a peer of @prisma/client) would try to
    // download native engines in its postinstall; nothing we ship needs one.
    const installed = run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--prefer-offline", ...tarballs], consumer, INSTALL_TIMEOUT_MS);
    if (installed.code !== 0) {
      failures.push(`npm install of the tarballs failed:\n${installed.stderr.trim()}`);
    } else {
      for (const pkg of packages) {
        const row = rows.find((r) => r.name === pkg.manifest.name) ?? {};
        const bins = Object.keys(pkg.manifest.bin ?? {});
        for (const bin of bins) {
          const help = run(path.join(consumer, "node_modules", ".bin", bin), ["--help"], consumer);
          if (help.code !== 0 || help.stdout.trim() === "") failures.push(`${pkg.manifest.name}: \`${bin} --help\` exited ${help.code}:\n${help.stderr.trim()}`);
        }
        const exportFailures = checkExports(consumer, pkg.manifest);
        failures.push(...exportFailures.map((failure) => `${pkg.manifest.name}: ${failure}`));
        Object.assign(row, { bins: bins.join(" ") || "-", exports: exportFailures.length === 0 ? "ok" : "FAIL" });
      }
    }
  } finally {
    if (keep) console.error(`Kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  console.table(rows);
  if (failures.length > 0) {
    console.error(`\n${failures.length} problem(s):\n${failures.map((f) => `- ${f}`).join("\n")}`);
    return 1;
  }
  console.log(`All ${packages.length} publishable packages pack, lint, install and run.`);
  return 0;
}

process.exitCode = await main();
