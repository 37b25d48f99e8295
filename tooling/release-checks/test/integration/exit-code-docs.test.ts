// docs/exit-codes.md is the one exit-code table: its shared rows are the
// runtime's table, and every program's --help shows exactly those rows plus
// its own, which the page lists in the program's section.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { formatExitCodeMarkdown, SHARED_EXIT_CODE_ROWS } from "@netraven/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { missingBuilds } from "../helpers/built.js";
import { helpExitCodeRows, markdownExitCodeRows, markdownSections } from "../helpers/exit-code-tables.js";
import { repoRoot } from "../helpers/paths.js";
import { PROGRAMS } from "../helpers/programs.js";
import { baseEnv, runProgram } from "../helpers/run-program.js";
import { workspacePackages } from "../helpers/workspace.js";

const SHARED_SECTION = "Shared codes";
const missing = missingBuilds(workspacePackages(), ["@netraven/schema-init", "@netraven/backup", "@netraven/api"]);
const sharedCodes = new Set(SHARED_EXIT_CODE_ROWS.map((row) => row.code));

let sections = new Map<string, string>();
let home = "";
beforeAll(async () => {
  sections = markdownSections(await readFile(path.join(repoRoot, "docs/exit-codes.md"), "utf8"));
  home = await mkdtemp(path.join(os.tmpdir(), "netraven-exit-code-docs-"));
});
afterAll(async () => {
  if (home) await rm(home, { recursive: true, force: true });
});

describe("docs/exit-codes.md", () => {
  it("shows the runtime's shared table as its formatter renders it", () => {
    expect(sections.get(SHARED_SECTION), `docs/exit-codes.md needs "## ${SHARED_SECTION}" with:\n${formatExitCodeMarkdown()}`).toContain(formatExitCodeMarkdown());
  });

  it("has a section for every program", () => {
    expect([...sections.keys()]).toEqual(expect.arrayContaining([SHARED_SECTION, ...PROGRAMS.map((p) => p.name)]));
  });
});

describe.skipIf(missing.length > 0)(`--help matches docs/exit-codes.md${missing.length > 0 ? ` (skipped: ${missing.join("; ")})` : ""}`, () => {
  for (const program of PROGRAMS) {
    it(`${program.name} --help: the shared rows, then its own rows as its docs section lists them`, { timeout: 20_000 }, async () => {
      // A refused port: a program that ignored --help and started would fail here instead of starting an embedded server.
      const env = { ...baseEnv(home), ...program.env({ backupDir: home, stateDir: home }), DATABASE_URL: "postgresql://nr@127.0.0.1:1/netraven" };
      const run = await runProgram(program, { args: ["--help"], env, cwd: home, limitMs: 10_000 });
      expect(run.exitCode, run.stderr).toBe(0);
      const rows = helpExitCodeRows(run.stdout);
      expect(rows.filter((row) => sharedCodes.has(row.code)), run.stdout).toEqual(SHARED_EXIT_CODE_ROWS.map(({ code, meaning }) => ({ code, meaning })));
      const own = rows.filter((row) => !sharedCodes.has(row.code));
      expect(markdownExitCodeRows(sections.get(program.name) ?? ""), `the "## ${program.name}" section of docs/exit-codes.md`).toEqual(own);
    });
  }
});
