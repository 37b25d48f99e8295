import { readFile } from "node:fs/promises";

import { formatExitCodeMarkdown, formatExitCodeTable } from "@netraven/runtime";
import { Command } from "commander";
import { describe, expect, it } from "vitest";

import { BACKUP_EXIT_CODE_ROWS } from "../../src/cli/exit-codes.js";
import { configureProgram, runBackupCli } from "../../src/cli/program.js";
import { ConfigSchema } from "../../src/config.js";

// docs/backup.md is checked against the code (the original's docs named
// commands, paths and tables that did not exist): every variable, every
// command line and every exit code it shows must be real.

const doc = await readFile(new URL("../../../../docs/backup.md", import.meta.url), "utf8");
// The program as the runner builds it (the runner itself adds --json and --version).
const program = new Command("netraven-backup").option("--json").option("-V, --version");
configureProgram(program, () => async () => undefined);

function section(title: string): string {
  const start = doc.indexOf(`## ${title}`);
  const end = doc.indexOf("\n## ", start + 1);
  return doc.slice(start, end === -1 ? undefined : end);
}

/** Command lines the document shows: shell blocks and inline code, as `netraven-backup <args>`. */
function documentedCommands(): string[][] {
  const blocks = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split("\n"));
  const inline = [...doc.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
  return [...blocks, ...inline]
    .map((line) => line.trim().replace(/^pnpm -s --filter backup start -- /, "netraven-backup "))
    .filter((line) => line.startsWith("netraven-backup "))
    .map((line) => line.split(/\s+/).slice(1))
    .filter((words) => !words[0]?.startsWith("<")); // `netraven-backup <command>` is a placeholder
}

describe("docs/backup.md", () => {
  it("documents exactly the configuration variables the code reads", () => {
    const documented = [...section("Configuration").matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(ConfigSchema.shape).sort());
  });

  it("shows only commands and flags that exist", () => {
    const commands = documentedCommands();
    expect(commands.length).toBeGreaterThan(5);
    const globals = new Set(program.options.map((o) => o.long));
    const problems = commands.flatMap((words) => {
      const command = program.commands.find((c) => c.name() === words[0]);
      if (!command) return [`no command "${words[0]}" in: ${words.join(" ")}`];
      const known = new Set([...globals, ...command.options.map((o) => o.long)]);
      return words.filter((w) => w.startsWith("--") && !known.has(w)).map((flag) => `${words[0]} has no flag ${flag}`);
    });
    expect(problems).toEqual([]);
  });

  it("shows the one shared exit-code table plus backup's rows, the same table --help prints", async () => {
    expect(section("Exit codes")).toContain(formatExitCodeMarkdown(BACKUP_EXIT_CODE_ROWS));
    let out = "";
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true } };
    expect(await runBackupCli({ argv: ["--help"], io, handleSignals: false })).toBe(0);
    expect(out).toContain(formatExitCodeTable(BACKUP_EXIT_CODE_ROWS));
  });

  it("documents the --json shape of every command", () => {
    const documented = [...section("JSON output").matchAll(/^### `([a-z]+)`/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(program.commands.map((c) => c.name()).filter((n) => n !== "unpin").sort());
  });
});
