import { copyFile, cp, open, readFile, truncate, writeFile } from "node:fs/promises";
import path from "node:path";

import { useTestDatabase } from "@netraven/db-schema/testing";
import { beforeAll, describe, expect, it } from "vitest";

import type { BackupManifest } from "../../src/index.js";
import { createBackup, restoreBackup, verifyBackup } from "../../src/index.js";
import { fillDatabase } from "../helpers/fill-database.js";
import { memoryLogger, PG_OPTIONS, tempDir } from "../helpers/options.js";
import { runCli } from "../helpers/run-cli.js";

const database = useTestDatabase();
const logger = memoryLogger();
let pristine: string;
let manifest: BackupManifest;

beforeAll(async () => {
  await fillDatabase(database().url);
  pristine = await tempDir();
  manifest = (await createBackup({ databaseUrl: database().url, dir: pristine, ...PG_OPTIONS, logger })).manifest;
});

/** A copy of the pristine backup directory to damage. */
async function copyOfBackup(): Promise<{ dir: string; archive: string }> {
  const dir = await tempDir();
  await cp(pristine, dir, { recursive: true });
  return { dir, archive: path.join(dir, manifest.archive) };
}

const verify = (dir: string) => verifyBackup({ dir, id: manifest.id, ...PG_OPTIONS, logger });

describe("verify", () => {
  it("passes an intact backup and records it", async () => {
    const report = await verify(pristine);
    expect(report.ok).toBe(true);
    expect(JSON.parse(await readFile(path.join(pristine, `${manifest.id}.verify.json`), "utf8"))).toMatchObject({ ok: true, problems: [] });
  });

  it("fails a backup with one flipped byte, naming the file and the checksum", async () => {
    const { dir, archive } = await copyOfBackup();
    const handle = await open(archive, "r+");
    const offset = Math.floor(manifest.files[0]!.bytes / 2);
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, offset);
    byte[0] = byte[0]! ^ 0x01;
    await handle.write(byte, 0, 1, offset);
    await handle.close();

    const report = await verify(dir);
    expect(report.ok).toBe(false);
    const files = report.checks.find((c) => c.name === "files")!;
    expect(files.ok).toBe(false);
    expect(files.detail).toContain(`${manifest.archive} does not match its checksum`);
  });

  it("fails a truncated backup, naming the size, and the full read fails too", async () => {
    const { dir, archive } = await copyOfBackup();
    await truncate(archive, Math.floor(manifest.files[0]!.bytes / 2));

    const report = await verify(dir);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === "files")!.detail).toMatch(/is \d+ bytes but the manifest recorded \d+ \(truncated\)/);
    // pg_restore --list alone would pass a truncated custom archive; the full read does not.
    const fullRead = report.checks.find((c) => c.name === "full-read")!;
    expect(fullRead.ok).toBe(false);
    expect(fullRead.detail).toMatch(/pg_restore failed/);
  });

  it("exits 65 from the CLI with the reason, and restore refuses the damaged backup", async () => {
    const { dir, archive } = await copyOfBackup();
    await writeFile(archive, "not a dump");
    const result = await runCli(["verify", manifest.id], { BACKUP_DIR: dir, PG_BIN: PG_OPTIONS.pgBin });
    expect(result.exitCode).toBe(65);
    expect(result.stdout).toContain("FAILED verification");
    expect(result.stdout).toMatch(/FAIL\s+files\s+.*\(truncated\)/);

    await expect(restoreBackup({ databaseUrl: database().url, dir, id: manifest.id, ...PG_OPTIONS, logger })).rejects.toMatchObject({
      code: "VERIFY_FAILED",
      message: expect.stringContaining("refusing to restore"),
    });
  });

  it("treats an edited manifest as untrustworthy", async () => {
    const { dir } = await copyOfBackup();
    const file = path.join(dir, `${manifest.id}.manifest.json`);
    const edited = JSON.parse(await readFile(file, "utf8")) as BackupManifest;
    edited.rowCounts = { ...edited.rowCounts, "public.users": 999 };
    await writeFile(file, JSON.stringify(edited));
    await expect(verify(dir)).rejects.toMatchObject({ code: "MANIFEST_INVALID", message: expect.stringContaining("does not match its own checksum") });
    const list = await runCli(["list", "--json"], { BACKUP_DIR: dir });
    expect(JSON.parse(list.stdout)).toMatchObject({ backups: [], invalid: [{ id: manifest.id }] });
  });

  it("a backup without its manifest does not exist", async () => {
    const dir = await tempDir();
    await copyFile(path.join(pristine, manifest.archive), path.join(dir, manifest.archive));
    const result = await runCli(["verify", manifest.id], { BACKUP_DIR: dir });
    expect(result.exitCode).toBe(66);
    expect(result.stderr).toContain(`no complete backup "${manifest.id}"`);
  });

  it("a scratch server that is down fails the command (69), not the backup: nothing is recorded against it", async () => {
    const { dir } = await copyOfBackup();
    const result = await runCli(["verify", manifest.id, "--restore-test"], {
      BACKUP_DIR: dir,
      PG_BIN: PG_OPTIONS.pgBin,
      DATABASE_URL: database().url,
      BACKUP_SCRATCH_DATABASE_URL: "postgresql://nobody:secret-pw@127.0.0.1:1/scratch",
      BACKUP_WAIT_TIMEOUT_MS: "500",
    });
    expect(result.exitCode).toBe(69);
    expect(result.stderr).toContain("PostgreSQL at postgresql://nobody:***@127.0.0.1:1/scratch did not accept connections within");
    expect(result.stderr).not.toContain("secret-pw");
    await expect(readFile(path.join(dir, `${manifest.id}.verify.json`), "utf8").then((t) => JSON.parse(t) as { ok: boolean })).resolves.not.toMatchObject({ ok: false });
  });
});
