import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";

import { runAdmin, useTestDatabase, withDatabase } from "@netraven/db-schema/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { RestoreStep } from "../../src/index.js";
import { createBackup, restoreBackup, runBackupCycle } from "../../src/index.js";
import { databasesLike, dropAll, queryRows } from "../helpers/databases.js";
import { memoryLogger, PG_OPTIONS, tempDir } from "../helpers/options.js";
import { runCli } from "../helpers/run-cli.js";

// Restore never destroys what it replaces: a role without CREATEDB is refused
// up front (exit 77, naming the privilege), and a failure at any step of a
// --force restore leaves the original database exactly as it was.

const database = useTestDatabase();
const logger = memoryLogger();
const suffix = randomBytes(4).toString("hex");
const role = `nrb_owner_${suffix}`;
const password = `pw-${suffix}-secret`;
let owned: string;
let victim: string;
let dir: string;
let backupId: string;

const precious = async (url: string) => queryRows<{ id: number; note: string }>(url, "SELECT id, note FROM precious ORDER BY id");
const EXPECTED = [
  { id: 1, note: "keep me" },
  { id: 2, note: "me too ✓" },
];

beforeAll(async () => {
  owned = `${database().name}_owned`;
  victim = `${database().name}_victim`;
  dir = await tempDir();
  backupId = (await createBackup({ databaseUrl: database().url, dir, ...PG_OPTIONS, logger })).id;
  // The managed-PostgreSQL set-up: a login role that owns its database and may not create others.
  await runAdmin(database().adminUrl, [
    `CREATE ROLE ${role} LOGIN NOCREATEDB NOSUPERUSER PASSWORD '${password}'`,
    `CREATE DATABASE "${owned}" OWNER ${role}`,
    `CREATE DATABASE "${victim}"`,
  ]);
  const ownedUrl = roleUrl(owned);
  await runAdmin(ownedUrl, ["CREATE TABLE precious (id int PRIMARY KEY, note text)", "INSERT INTO precious VALUES (1, 'keep me'), (2, 'me too ✓')"]);
  await runAdmin(withDatabase(database().url, victim), ["CREATE TABLE precious (id int PRIMARY KEY, note text)", "INSERT INTO precious VALUES (1, 'keep me'), (2, 'me too ✓')"]);
});
afterAll(async () => {
  const leftovers = [...(await databasesLike(database().adminUrl, database().name))].filter((d) => d !== database().name);
  await dropAll(database().adminUrl, leftovers, [role]);
});

function roleUrl(db: string): string {
  const url = new URL(withDatabase(database().url, db));
  url.username = role;
  url.password = password;
  return url.toString();
}

describe("restore as a role that owns its database but lacks CREATEDB", () => {
  it("--force, plain restore and verify --restore-test refuse with exit 77 naming CREATEDB; the database is untouched", async () => {
    const env = { DATABASE_URL: roleUrl(owned), BACKUP_DIR: dir, PG_BIN: PG_OPTIONS.pgBin };
    const before = await databasesLike(database().adminUrl, database().name);
    for (const args of [["restore", backupId, "--target", owned, "--force"], ["restore", backupId], ["verify", backupId, "--restore-test"]]) {
      const run = await runCli(args, env);
      expect({ args, exitCode: run.exitCode }).toEqual({ args, exitCode: 77 });
      expect(run.stderr).toContain(`role "${role}" lacks CREATEDB`);
      expect(run.stderr).toContain(`ALTER ROLE ${role} CREATEDB`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stderr + run.stdout).not.toContain(password);
      expect(await precious(roleUrl(owned))).toEqual(EXPECTED);
    }
    expect(await databasesLike(database().adminUrl, database().name)).toEqual(before);
    // Nothing was backed up, pinned or left behind either.
    expect((await readdir(dir)).filter((n) => n.endsWith(".pin"))).toEqual([]);
  });

  it("schedule verifies its backups without the test restore, and says what to grant", async () => {
    const own = await tempDir();
    const lines = memoryLogger();
    const policy = { keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 6, maxAgeDays: 0, minKeep: 3 };
    const result = await runBackupCycle({ databaseUrl: roleUrl(owned), dir: own, policy, restoreTestEvery: 1, ...PG_OPTIONS, logger: lines });
    expect(result).toMatchObject({ ok: true, verify: { ok: true } });
    expect(result.verify!.checks.map((c) => c.name)).toEqual(["files", "toc", "full-read"]);
    expect(lines.lines.join("\n")).toContain(`test restore skipped: role "${role}" lacks CREATEDB`);
  });

  it("with CREATEDB granted, --force replaces its own database by rename and keeps the data of the backup", async () => {
    await runAdmin(database().adminUrl, [`ALTER ROLE ${role} CREATEDB`]);
    try {
      // The dump's objects belong to the superuser, whom this role may not impersonate: --no-owner.
      const result = await restoreBackup({ databaseUrl: roleUrl(owned), dir, id: backupId, targetDatabase: owned, force: true, noOwner: true, ...PG_OPTIONS, logger });
      expect(result).toMatchObject({ ok: true, targetDatabase: owned });
      expect(await queryRows(roleUrl(owned), "SELECT to_regclass('precious') AS t")).toEqual([{ t: null }]);
      const [row] = await queryRows<{ owner: string }>(database().adminUrl, "SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1", [owned]);
      expect(row!.owner).toBe(role);
      expect(await databasesLike(database().adminUrl, `${owned}_nrb`)).toEqual([]);
    } finally {
      await runAdmin(database().adminUrl, [`ALTER ROLE ${role} NOCREATEDB`]);
    }
  });
});

describe("restore --force with a failure injected at each step", () => {
  const kill = (pid: number | undefined) => {
    if (pid) process.kill(pid, "SIGKILL");
  };
  const faults: [string, (step: RestoreStep, pid?: number) => void][] = [
    ["after the safety copy", (step) => { if (step === "safety-copy-taken") throw new Error("injected: after the safety copy"); }],
    ["after the new database is created", (step) => { if (step === "database-created") throw new Error("injected: after create"); }],
    ["mid-restore (pg_restore SIGKILLed)", (step, pid) => { if (step === "restore-started") kill(pid); }],
    ["just before the swap", (step) => { if (step === "before-swap") throw new Error("injected: before the swap"); }],
  ];

  for (const [when, onStep] of faults) {
    it(`${when}: the original database and its data are intact`, async () => {
      const error = await restoreBackup({ databaseUrl: database().url, dir, id: backupId, targetDatabase: victim, force: true, onStep, ...PG_OPTIONS, logger }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(await precious(withDatabase(database().url, victim))).toEqual(EXPECTED);
      expect(await databasesLike(database().adminUrl, `${victim}_nrb`)).toEqual([]);
    });
  }

  it("a session holding the target open is ended, and the swap completes", async () => {
    const pg = await import("pg");
    const holder = new pg.default.Client({ connectionString: withDatabase(database().url, victim) });
    holder.on("error", () => undefined);
    await holder.connect();
    const result = await restoreBackup({ databaseUrl: database().url, dir, id: backupId, targetDatabase: victim, force: true, safetyBackup: false, ...PG_OPTIONS, logger });
    await holder.end().catch(() => undefined);
    expect(result.ok).toBe(true);
    expect(await queryRows(withDatabase(database().url, victim), "SELECT to_regclass('precious') AS t")).toEqual([{ t: null }]);
    expect(await databasesLike(database().adminUrl, `${victim}_nrb`)).toEqual([]);
  });
});

describe("roles the dump references", () => {
  it("a backup whose owner role does not exist is refused (exit 77, naming it) unless --no-owner", async () => {
    const ghost = `nrb_ghost_${suffix}`;
    const ghostDb = `${database().name}_ghost`;
    await runAdmin(database().adminUrl, [`CREATE ROLE ${ghost}`, `CREATE DATABASE "${ghostDb}" OWNER ${ghost}`]);
    await runAdmin(withDatabase(database().url, ghostDb), [`SET ROLE ${ghost}`, "CREATE TABLE t (id int)", "INSERT INTO t VALUES (7)"]);
    const { id } = await createBackup({ databaseUrl: withDatabase(database().url, ghostDb), dir, ...PG_OPTIONS, logger });
    await dropAll(database().adminUrl, [ghostDb], [ghost]);

    const env = { DATABASE_URL: database().url, BACKUP_DIR: dir, PG_BIN: PG_OPTIONS.pgBin };
    const refused = await runCli(["restore", id, "--target", `${ghostDb}_r`, "--no-validate"], env);
    expect(refused.exitCode).toBe(77);
    expect(refused.stderr).toContain(`roles that do not exist on this server: ${ghost}`);
    expect(await databasesLike(database().adminUrl, `${ghostDb}_r`)).toEqual([]);
    const bare = await runCli(["restore", id, "--target", `${ghostDb}_r`, "--no-validate", "--no-owner"], env);
    expect(bare.exitCode).toBe(0);
    expect(await queryRows(withDatabase(database().url, `${ghostDb}_r`), "SELECT id FROM t")).toEqual([{ id: 7 }]);
    expect(await readFile(`${dir}/${id}.manifest.json`, "utf8")).toContain(ghostDb);
  });
});
