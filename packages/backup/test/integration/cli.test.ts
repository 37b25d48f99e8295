import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { runAdmin, useTestDatabase } from "@netraven/db-schema/testing";
import { formatExitCodeTable } from "@netraven/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { BACKUP_EXIT_CODE_ROWS } from "../../src/cli/exit-codes.js";
import { writeManifest } from "../../src/store/manifest.js";
import { syntheticManifest } from "../helpers/synthetic-manifest.js";
import { PG_OPTIONS, tempDir } from "../helpers/options.js";
import { runCli } from "../helpers/run-cli.js";

// The built `netraven-backup` bin end to end: exit codes from the one table,
// JSON on stdout, logs on stderr, and the password nowhere.

const database = useTestDatabase();
let env: Record<string, string | undefined>;
const outputs: string[] = [];

async function cli(args: string[], extra: Record<string, string | undefined> = {}) {
  const result = await runCli(args, { ...env, ...extra });
  outputs.push(result.stdout, result.stderr);
  return result;
}

afterAll(async () => {
  await runAdmin(database().adminUrl, [`DROP DATABASE IF EXISTS "${database().name}_cli" WITH (FORCE)`]);
});
beforeAll(async () => {
  env = { DATABASE_URL: database().url, BACKUP_DIR: await tempDir(), PG_BIN: PG_OPTIONS.pgBin, LOG_VERBOSE: "true" };
});

describe("netraven-backup", () => {
  it("prints the shared exit-code table in --help and exits 64 on a usage error with one short line", async () => {
    const help = await cli(["--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain(formatExitCodeTable(BACKUP_EXIT_CODE_ROWS));
    // What `pnpm -s --filter backup start -- list --json` passes.
    const viaPnpm = await cli(["--", "list", "--json"]);
    expect(JSON.parse(viaPnpm.stdout)).toMatchObject({ version: 1, ok: true, backups: [] });
    const bad = await cli(["create", "--frobnicate"]);
    expect(bad.exitCode).toBe(64);
    expect(bad.stderr).toBe("netraven-backup: unknown option '--frobnicate'. Run 'netraven-backup create --help' for usage.");
  });

  it("lists every configuration problem at once and exits 78", async () => {
    const result = await cli(["create"], { BACKUP_FORMAT: "zip", BACKUP_KEEP_LAST: "-1", DATABASE_URL: undefined });
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toMatch(/BACKUP_FORMAT[\s\S]*BACKUP_KEEP_LAST/);
    const missing = await cli(["create"], { DATABASE_URL: undefined });
    expect(missing.exitCode).toBe(78);
    expect(missing.stderr).toContain("DATABASE_URL: is not set");
    // LOG_VERBOSE stays a (deprecated) alias of LOG_LEVEL=debug; LOG_LEVEL wins when both are set.
    const quiet = await cli(["list"], { LOG_VERBOSE: "true", LOG_LEVEL: "error", BACKUP_DIR: path.join(await tempDir(), "missing") });
    expect(quiet.exitCode).toBe(72);
    expect(quiet.stderr).not.toMatch(/DEBUG/);
  });

  it("create, list, pin, verify and restore with --json; progress as JSON lines with --json", async () => {
    const created = await cli(["create", "--json"]);
    expect(created.exitCode).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: string };
    expect(created.stderr).toMatch(/"msg":"progress","phase":"dump","totalBytes":\d+/);

    expect((await cli(["pin", "latest", "--reason", "release 1.0"])).stdout).toBe(`pinned ${id}`);
    const list = JSON.parse((await cli(["list", "--json"])).stdout) as { backups: { id: string; pinned: boolean }[] };
    expect(list.backups).toEqual([expect.objectContaining({ id, pinned: true })]);

    const verify = await cli(["verify", "--json"]);
    expect(verify.exitCode).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, id });

    const target = `${database().name}_cli`;
    const restored = await cli(["restore", id, "--target", target, "--json"]);
    expect(restored.exitCode).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ ok: true, targetDatabase: target, validation: { ok: true } });
    const again = await cli(["restore", id, "--target", target]);
    expect(again.exitCode).toBe(73);
    expect(again.stderr).toContain(`database "${target}" already holds tables or functions`);
    const forced = await cli(["restore", id, "--target", target, "--force"]);
    expect(forced.exitCode).toBe(0);
    expect(forced.stdout).toMatch(/the replaced database is in pinned backup \S+: restore that id to undo/);
  });

  it("exits 66 for a missing backup and 73 for a directory it cannot write", async () => {
    const missing = await cli(["restore", "netraven-20200101T000000000Z"]);
    expect(missing.exitCode).toBe(66);
    expect(missing.stderr).toContain('no complete backup "netraven-20200101T000000000Z"');

    const file = path.join(await tempDir(), "a-file");
    await writeFile(file, "");
    const notDir = await cli(["create"], { BACKUP_DIR: path.join(file, "backups") });
    expect(notDir.exitCode).toBe(73);
    expect(notDir.stderr).toContain("cannot write to");
  });

  it("exits 74 before dumping when the last backup would not fit on the disk", async () => {
    const dir = await tempDir();
    const id = `${database().name}-20200101T000000000Z`;
    await writeFile(path.join(dir, `${id}.dump`), "x");
    // A previous backup of this database that claims a petabyte: no disk has that much free.
    await writeManifest(dir, { ...syntheticManifest(id, database().name), files: [{ role: "dump", path: `${id}.dump`, bytes: 10 ** 15, sha256: "0".repeat(64) }] });
    const result = await cli(["create"], { BACKUP_DIR: dir });
    expect(result.exitCode).toBe(74);
    expect(result.stderr).toMatch(/only .* free in .*, but the last backup took 909\.5 TiB/);
  });

  it.skipIf(process.getuid?.() === 0)("exits 73 with the fix for a read-only backup directory", async () => {
    const dir = path.join(await tempDir(), "ro");
    await mkdir(dir);
    await chmod(dir, 0o500);
    const result = await cli(["create"], { BACKUP_DIR: dir });
    expect(result.exitCode).toBe(73);
    expect(result.stderr).toMatch(/cannot write to .* \(EACCES\); make it writable for this process \(uid \d+\)/);
  });

  it("never prints the database password, even with debug logging", () => {
    const password = new URL(database().url).password;
    expect(password.length).toBeGreaterThan(5);
    expect(outputs.join("\n")).not.toContain(password);
  });

  it("the installed bin completes a backup and exits 0 when the reader closes the pipe early (`| head`)", async () => {
    const dir = await tempDir();
    const bin = fileURLToPath(new URL("../../bin/netraven-backup.js", import.meta.url));
    const child = spawn(process.execPath, [bin, "create"], { env: { PATH: process.env.PATH ?? "", ...env, BACKUP_DIR: dir }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    child.stderr.destroy();
    const [exitCode] = (await once(child, "exit")) as [number | null];
    expect(exitCode).toBe(0);
    const listed = await cli(["list", "--json"], { BACKUP_DIR: dir });
    expect((JSON.parse(listed.stdout) as { backups: unknown[] }).backups).toHaveLength(1);
  });
});
