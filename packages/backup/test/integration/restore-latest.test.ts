import { open, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import { useTestDatabase } from "@netraven/db-schema/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createBackup, restoreBackup } from "../../src/index.js";
import { databasesLike, dropAll } from "../helpers/databases.js";
import { memoryLogger, PG_OPTIONS, tempDir } from "../helpers/options.js";
import { runCli } from "../helpers/run-cli.js";

// `restore latest` is the newest backup that verifies; every newer one it
// passed over is named with the reason.

const database = useTestDatabase();
const logger = memoryLogger();
let dir: string;
const ids: string[] = [];

beforeAll(async () => {
  dir = await tempDir();
  for (let i = 0; i < 4; i++) ids.push((await createBackup({ databaseUrl: database().url, dir, globals: false, rowCounts: false, ...PG_OPTIONS, logger })).id);
  const [, flipped, edited, unlisted] = ids;
  // Newest: its manifest is gone (deleted by hand, or a prune killed at the wrong moment).
  await rm(path.join(dir, `${unlisted}.manifest.json`));
  // Next: its manifest was edited.
  const file = path.join(dir, `${edited}.manifest.json`);
  await writeFile(file, (await readFile(file, "utf8")).replace('"jobs": 1', '"jobs": 2'));
  // Next: one byte of its archive flipped.
  const handle = await open(path.join(dir, `${flipped}.dump`), "r+");
  const byte = Buffer.alloc(1);
  await handle.read(byte, 0, 1, 100);
  byte[0] = byte[0]! ^ 0xff;
  await handle.write(byte, 0, 1, 100);
  await handle.close();
});
afterAll(async () => {
  await dropAll(database().adminUrl, (await databasesLike(database().adminUrl, `${database().name}_`)));
});

describe("restore latest", () => {
  it("restores the newest backup that verifies and names each newer one it skipped, with the reason", async () => {
    const result = await restoreBackup({ databaseUrl: database().url, dir, id: "latest", targetDatabase: `${database().name}_l1`, ...PG_OPTIONS, logger });
    expect(result.id).toBe(ids[0]);
    expect(result.skipped.map((s) => s.id)).toEqual([ids[3], ids[2], ids[1]]);
    expect(result.skipped[0]!.reason).toMatch(/no manifest/);
    expect(result.skipped[1]!.reason).toMatch(/does not match its own checksum/);
    expect(result.skipped[2]!.reason).toMatch(/does not match its checksum/);
  });

  it("the CLI says which backups it skipped and why", async () => {
    const run = await runCli(["restore", "--target", `${database().name}_l2`], { DATABASE_URL: database().url, BACKUP_DIR: dir, PG_BIN: PG_OPTIONS.pgBin });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`restored ${ids[0]}`);
    for (const skipped of ids.slice(1)) expect(run.stdout).toContain(`skipped ${skipped}:`);
  });
});
