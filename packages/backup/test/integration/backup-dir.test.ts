import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import { useTestDatabase } from "@netraven/db-schema/testing";
import { describe, expect, it } from "vitest";

import { PG_OPTIONS, tempDir } from "../helpers/options.js";
import { runCli } from "../helpers/run-cli.js";

// BACKUP_DIR: one absolute default whatever the working directory, and a
// missing or unreadable directory named with its own exit code (72) by every
// command that reads it, never a stack trace or "no backups".

const database = useTestDatabase();
const DEFAULT_DIR = "/var/lib/netraven/backups";

describe("BACKUP_DIR", () => {
  it("defaults to one absolute directory, whatever the working directory", async () => {
    const a = await tempDir();
    const b = path.join(await tempDir(), "nested");
    await mkdir(b);
    const env = { BACKUP_DIR: undefined, LOG_FORMAT: "json" };
    const [fromA, fromB] = await Promise.all([runCli(["health", "--json"], env, { cwd: a }), runCli(["health", "--json"], env, { cwd: b })]);
    for (const run of [fromA, fromB]) {
      expect(run.stdout + run.stderr).toContain(DEFAULT_DIR);
      expect(run.stdout + run.stderr).not.toContain(a);
      expect(run.stdout + run.stderr).not.toContain(b);
    }
  });

  it("a missing directory exits 72 with its name on every command that reads it, without a stack trace", async () => {
    const missing = path.join(await tempDir(), "not-mounted");
    const env = { DATABASE_URL: database().url, BACKUP_DIR: missing, PG_BIN: PG_OPTIONS.pgBin };
    const commands = [["list"], ["verify"], ["verify", "--restore-test"], ["prune"], ["prune", "--dry-run"], ["health"], ["restore"], ["pin", "latest"], ["unpin", "latest"]];
    const runs = await Promise.all(commands.map((args) => runCli(args, env)));
    for (const [i, run] of runs.entries()) {
      const args = commands[i];
      expect({ args, exitCode: run.exitCode, stderr: run.stderr.slice(0, 300) }).toEqual({ args, exitCode: 72, stderr: expect.any(String) });
      expect(run.stderr).toContain(`backup directory ${missing} does not exist`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("a path that is not a directory exits 72 on reading commands", async () => {
    const file = path.join(await tempDir(), "a-file");
    await writeFile(file, "");
    const commands = [["list"], ["verify"], ["prune"], ["health"]];
    const runs = await Promise.all(commands.map((args) => runCli(args, { BACKUP_DIR: file })));
    for (const [i, run] of runs.entries()) {
      const args = commands[i];
      expect({ args, exitCode: run.exitCode, stderr: run.stderr.slice(0, 300) }).toEqual({ args, exitCode: 72, stderr: expect.any(String) });
      expect(run.stderr).toContain(`backup directory ${file} is not a directory`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
