// scripts/check-packs.mjs: every publishable package packs, passes publint,
// installs from its tarball into an empty folder and runs its bins.
import path from "node:path";

import { execa } from "execa";
import { describe, expect, it } from "vitest";

import { repoRoot } from "../helpers/paths.js";
import { workspacePackages } from "../helpers/workspace.js";
import { missingBuilds } from "../helpers/built.js";

const packages = workspacePackages();
const publishable = [...packages.values()].filter((pkg) => pkg.manifest.private !== true && pkg.dir.includes(`${path.sep}packages${path.sep}`));
const missing = missingBuilds(packages, publishable.map((pkg) => pkg.manifest.name));

describe.skipIf(missing.length > 0)(`release tarballs${missing.length > 0 ? ` (skipped: ${missing.join("; ")})` : ""}`, () => {
  it("pack, lint clean, install into an empty folder, and their bins answer --help", { timeout: 300_000 }, async () => {
    const result = await execa(process.execPath, [path.join(repoRoot, "scripts/check-packs.mjs")], { cwd: repoRoot, reject: false, all: true });
    expect(result.exitCode, result.all).toBe(0);
    for (const pkg of publishable) expect(result.stdout).toContain(pkg.manifest.name);
    expect(result.stdout).toContain(`All ${publishable.length} publishable packages pack, lint, install and run.`);
  });
});
