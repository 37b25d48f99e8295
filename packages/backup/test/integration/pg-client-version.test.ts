import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { useTestDatabase } from "@netraven/db-schema/testing";
import { describe, expect, it } from "vitest";

import { createBackup, PgVersionMismatchError } from "../../src/index.js";
import { memoryLogger, PG_OPTIONS, tempDir } from "../helpers/options.js";
import { runCli } from "../helpers/run-cli.js";

const database = useTestDatabase();
const OLD_CLIENT = fileURLToPath(new URL("../fixtures/old-pg-client", import.meta.url));

describe("pg_dump discovery and the version check", () => {
  it("refuses a client older than the server, naming both versions and the fix, and writes nothing", async () => {
    const dir = await tempDir();
    const error = await createBackup({ databaseUrl: database().url, dir, pgBin: OLD_CLIENT, childEnv: PG_OPTIONS.childEnv, logger: memoryLogger() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PgVersionMismatchError);
    const message = (error as Error).message;
    expect(message).toContain(`pg_dump 13.0 (${OLD_CLIENT}) is older than the server, PostgreSQL 15.`);
    expect(message).toMatch(/install the PostgreSQL 15 client tools .*postgresql-client-15.* set PG_BIN .*\/usr\/lib\/postgresql\/15\/bin.* or unset PG_BIN/);
    expect(await readdir(dir)).toEqual([]);
  });

  it("exits 69 from the CLI with the same message", async () => {
    const result = await runCli(["create"], { DATABASE_URL: database().url, BACKUP_DIR: await tempDir(), PG_BIN: OLD_CLIENT });
    expect(result.exitCode).toBe(69);
    expect(result.stderr).toContain("pg_dump 13.0");
    expect(result.stderr).toContain("older than the server");
  });

  it("says where it looked when PG_BIN has no client at all", async () => {
    const empty = await tempDir();
    const result = await runCli(["create"], { DATABASE_URL: database().url, BACKUP_DIR: await tempDir(), PG_BIN: empty });
    expect(result.exitCode).toBe(69);
    expect(result.stderr).toContain(`pg_dump and pg_restore were not found (searched PG_BIN=${empty})`);
  });

  it("without PG_BIN skips an old client on PATH and picks one new enough", async () => {
    const searchPath = [OLD_CLIENT, PG_OPTIONS.pgBin, PG_OPTIONS.searchPath].filter(Boolean).join(path.delimiter);
    const created = await createBackup({ databaseUrl: database().url, dir: await tempDir(), searchPath, childEnv: PG_OPTIONS.childEnv, logger: memoryLogger() });
    expect(created.manifest.pgDump.major).toBe(created.manifest.server.major);
    expect(path.dirname(created.manifest.pgDump.path)).not.toBe(OLD_CLIENT);
  });
});
