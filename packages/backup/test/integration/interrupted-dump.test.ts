import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { useTestDatabase } from "@netraven/db-schema/testing";
import { describe, expect, it } from "vitest";

import { createBackup, LOCK_FILE, readCatalog } from "../../src/index.js";
import { memoryLogger, PG_OPTIONS, tempDir } from "../helpers/options.js";
import { runCli } from "../helpers/run-cli.js";
import { useDumpStaller } from "../helpers/stall-dump.js";

const database = useTestDatabase();
const staller = useDumpStaller(() => database().url);

/** pids of this process's direct children named `name` (Linux /proc). */
async function childPids(name: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    const match = /^\d+ \((.*)\) \S (\d+)/.exec(stat);
    if (match && match[1] === name && Number(match[2]) === process.pid) pids.push(Number(entry));
  }
  return pids;
}

/** pids of every pg_dump on this host whose command line mentions `needle` (Linux /proc), whoever its parent is now. */
async function pgDumpsMentioning(needle: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (cmdline.split("\0")[0]?.endsWith("pg_dump") && cmdline.includes(needle)) pids.push(Number(entry));
  }
  return pids;
}

const ours = async (dir: string) => (await readdir(dir)).filter((n) => n !== LOCK_FILE && !n.startsWith(".write-test"));

describe("a pg_dump killed mid-dump", () => {
  it("fails the create with the signal, lists nothing and leaves no file behind", async () => {
    const dir = await tempDir();
    const stall = await staller.stall();
    const logger = memoryLogger();
    const creating = createBackup({ databaseUrl: database().url, dir, ...PG_OPTIONS, logger }).catch((e: unknown) => e);
    await stall.waitForDump();
    expect((await ours(dir)).some((n) => n.endsWith(".dump.partial"))).toBe(true);
    const [pid] = await childPids("pg_dump");
    process.kill(pid!, "SIGKILL");

    const error = (await creating) as { code: string; message: string; context: Record<string, unknown> };
    expect(error.code).toBe("PG_DUMP_FAILED");
    expect(error.message).toContain("killed by SIGKILL");
    expect(error.context).toMatchObject({ tool: "pg_dump", signal: "SIGKILL" });
    expect((await readCatalog(dir)).backups).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it("when the whole run dies with it, nothing is listed and the next run cleans up and succeeds", async () => {
    const dir = await tempDir();
    const env = { DATABASE_URL: database().url, BACKUP_DIR: dir, PG_BIN: PG_OPTIONS.pgBin };
    const stall = await staller.stall();
    // Its own process group, so one kill takes node and pg_dump down together (like an OOM kill of the container).
    const run = runCli(["create"], env, { detached: true });
    await stall.waitForDump();
    process.kill(-run.pid!, "SIGKILL");
    await run;
    await staller.release();

    const left = await ours(dir);
    expect(left.some((n) => n.endsWith(".partial"))).toBe(true);
    expect(await readdir(dir)).toContain(LOCK_FILE); // its holder is dead
    const list = await runCli(["list", "--json"], env);
    expect(JSON.parse(list.stdout).backups).toEqual([]);

    const next = await runCli(["create", "--json"], env);
    expect(next.exitCode).toBe(0);
    const result = JSON.parse(next.stdout) as { id: string; removedLeftovers: string[] };
    expect(result.removedLeftovers.sort()).toEqual(left.sort());
    expect(next.stderr).toContain("breaking a stale backup lock");
    const after = await readdir(dir);
    expect(after.filter((n) => n.endsWith(".partial"))).toEqual([]);
    expect(after).not.toContain(LOCK_FILE);
    expect((await readCatalog(dir)).backups.map((b) => b.id)).toEqual([result.id]);
    expect(after.every((n) => n.startsWith(result.id))).toBe(true);
    expect(path.isAbsolute(dir)).toBe(true);
  });

  it("a SIGKILL of create alone takes its pg_dump down too, even while pg_dump waits on a lock", async () => {
    const dir = await tempDir();
    const stall = await staller.stall();
    const run = runCli(["create"], { DATABASE_URL: database().url, BACKUP_DIR: dir, PG_BIN: PG_OPTIONS.pgBin });
    await stall.waitForDump();
    expect(await pgDumpsMentioning(dir)).toHaveLength(1);
    process.kill(run.pid!, "SIGKILL"); // node only: nothing signals pg_dump but its parent's death
    await run;
    // The table lock is still held, so an orphaned pg_dump would wait here for ever.
    let left = await pgDumpsMentioning(dir);
    for (let i = 0; i < 40 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      left = await pgDumpsMentioning(dir);
    }
    for (const pid of left) process.kill(pid, "SIGKILL"); // do not leak it into the next test
    expect(left).toEqual([]);
  });

  it("Ctrl-C during create exits 130 and leaves nothing behind", async () => {
    const dir = await tempDir();
    const stall = await staller.stall();
    const run = runCli(["create"], { DATABASE_URL: database().url, BACKUP_DIR: dir, PG_BIN: PG_OPTIONS.pgBin });
    await stall.waitForDump();
    run.kill("SIGINT");
    const result = await run;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toMatch(/error: pg_dump(all)? was cancelled/); // whichever of the two running programs stopped first
    expect(await readdir(dir)).toEqual([]);
  });
});
