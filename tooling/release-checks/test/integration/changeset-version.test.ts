// `pnpm changeset version` on a sample changeset for @netraven/db-schema, in a
// clone of the committed repository: the package gets its minor bump and a
// changelog entry, and every package that depends on it gets a patch bump.
import { readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { repoRoot } from "../helpers/paths.js";

interface Manifest {
  version: string;
}

const SAMPLE = `---
"@netraven/db-schema": minor
---

Sample changeset: a new migration adds a column.
`;

async function version(dir: string, pkg: string): Promise<string> {
  return (JSON.parse(await readFile(path.join(dir, pkg, "package.json"), "utf8")) as Manifest).version;
}

function bump(current: string, kind: "minor" | "patch"): string {
  const [major = 0, minor = 0, patch = 0] = current.split(".").map(Number);
  return kind === "minor" ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`;
}

describe("changesets", () => {
  let clone = "";
  const before: Record<string, string> = {};

  beforeAll(async () => {
    clone = await mkdtemp(path.join(tmpdir(), "netraven-changeset-"));
    await execa("git", ["clone", "--quiet", repoRoot, clone]);
    // The clone shares the installed tools; pending changesets from other work are set aside.
    await symlink(path.join(repoRoot, "node_modules"), path.join(clone, "node_modules"));
    for (const file of await readdir(path.join(clone, ".changeset"))) {
      if (file.endsWith(".md") && file !== "README.md") await rm(path.join(clone, ".changeset", file));
    }
    await writeFile(path.join(clone, ".changeset", "sample-db-schema.md"), SAMPLE);
    for (const pkg of ["packages/db-schema", "packages/schema-init", "packages/backup", "apps/api"]) before[pkg] = await version(clone, pkg);
  });

  afterAll(async () => {
    await rm(clone, { recursive: true, force: true });
  });

  it("bumps db-schema (minor) and its dependents schema-init and backup (patch), with changelogs", async () => {
    const result = await execa("pnpm", ["changeset", "version"], { cwd: clone, reject: false, all: true });
    expect(result.exitCode, result.all).toBe(0);

    expect(await version(clone, "packages/db-schema")).toBe(bump(before["packages/db-schema"] ?? "", "minor"));
    expect(await version(clone, "packages/schema-init")).toBe(bump(before["packages/schema-init"] ?? "", "patch"));
    expect(await version(clone, "packages/backup")).toBe(bump(before["packages/backup"] ?? "", "patch"));
    // apps/api is private and ignored by the changesets config: never versioned.
    expect(await version(clone, "apps/api")).toBe(before["apps/api"]);

    const dbChangelog = await readFile(path.join(clone, "packages/db-schema/CHANGELOG.md"), "utf8");
    expect(dbChangelog).toContain("### Minor Changes");
    expect(dbChangelog).toContain("Sample changeset: a new migration adds a column.");
    const initChangelog = await readFile(path.join(clone, "packages/schema-init/CHANGELOG.md"), "utf8");
    expect(initChangelog).toContain(`@netraven/db-schema@${await version(clone, "packages/db-schema")}`);
    // The changeset is consumed.
    expect(await readdir(path.join(clone, ".changeset"))).not.toContain("sample-db-schema.md");
  });
});
