import { execa } from "execa";
import { useTestDatabase } from "@netraven/db-schema/testing";
import { beforeAll, describe, expect, it } from "vitest";

import type { Progress } from "../../src/index.js";
import { fillDatabase } from "../helpers/fill-database.js";
import { PG_OPTIONS, tempDir } from "../helpers/options.js";
import { CLI, runCli } from "../helpers/run-cli.js";

// Progress a person can read: an estimated total from the database's table
// sizes, bytes done, percentage, rate, ETA and the current table, for create,
// restore and the test restore. A bar on a terminal, JSON lines with --json,
// nothing when piped.

const database = useTestDatabase();
let env: Record<string, string | undefined>;

type ProgressLine = Progress & { msg: string };

const progressLines = (stderr: string): ProgressLine[] =>
  stderr
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as ProgressLine)
    .filter((l) => l.msg === "progress");

beforeAll(async () => {
  await fillDatabase(database().url);
  env = { DATABASE_URL: database().url, BACKUP_DIR: await tempDir(), PG_BIN: PG_OPTIONS.pgBin };
});

describe("progress", () => {
  it("create, restore and the test restore report total, done, percent, rate, ETA and table as JSON lines with --json", async () => {
    const created = await runCli(["create", "--json"], env);
    expect(created.exitCode).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: string };
    const restored = await runCli(["restore", id, "--json", "--target", `${database().name}_p`], env);
    expect(restored.exitCode).toBe(0);
    const verified = await runCli(["verify", id, "--restore-test", "--json"], env);
    expect(verified.exitCode).toBe(0);
    for (const [phase, stderr] of [["dump", created.stderr], ["restore", restored.stderr], ["restore-test", verified.stderr]] as const) {
      const lines = progressLines(stderr).filter((l) => l.phase === phase);
      expect(lines.length, `${phase} progress in ${stderr}`).toBeGreaterThan(0);
      const last = lines.at(-1)!;
      expect(last).toMatchObject({ done: true, percent: 100 });
      expect(last.totalBytes).toBeGreaterThan(1_000_000); // the 2 MB bytea and 3.6 MB text are in there
      expect(last.doneBytes).toBe(last.totalBytes);
      expect(typeof last.bytesPerSecond).toBe("number");
      expect(last.etaSeconds).toBe(0);
      expect(lines.some((l) => l.table?.startsWith("public."))).toBe(true);
    }
  });

  it("prints no progress when piped without --json", async () => {
    const created = await runCli(["create"], env);
    expect(created.exitCode).toBe(0);
    expect(created.stderr).not.toContain("progress");
    expect(created.stderr).not.toContain("%");
  });

  it("draws a bar with percentage, rate and ETA on a terminal", async () => {
    // script(1) gives the CLI a real pseudo-terminal.
    const command = [process.execPath, CLI, "create"].map((a) => `'${a}'`).join(" ");
    const clean = Object.fromEntries(Object.entries({ PATH: process.env.PATH, TERM: "xterm", ...env }).filter((e): e is [string, string] => e[1] !== undefined));
    const run = await execa("script", ["-qfec", command, "/dev/null"], { env: clean, extendEnv: false, reject: false });
    expect(run.exitCode).toBe(0);
    expect(run.stdout, JSON.stringify(run.stdout)).toMatch(/dump \S*[█░]+\S* +100% \| [\d.]+ [KM]iB\/[\d.]+ [KM]iB \| [\d.]+ (B|KiB|MiB)\/s \| ETA 00:00 \| public\.\w+/);
  });
});
