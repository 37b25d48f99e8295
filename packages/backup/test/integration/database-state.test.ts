import { randomBytes } from "node:crypto";

import { runAdmin, useTestDatabase, withDatabase } from "@netraven/db-schema/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createBackup, restoreBackup } from "../../src/index.js";
import { databasesLike, dropAll, queryRows } from "../helpers/databases.js";
import { memoryLogger, PG_OPTIONS, tempDir } from "../helpers/options.js";

// Database-level state (ACL, ALTER DATABASE ... SET, per-role settings in the
// database, comment, owner) lives outside what pg_dump writes without
// --create: the backup carries it and restore reapplies it under the target's name.

const database = useTestDatabase();
const logger = memoryLogger();
const suffix = randomBytes(4).toString("hex");
const reader = `nrb_reader_${suffix}`;
const owner = `nrb_dbowner_${suffix}`;
let dir: string;
let id: string;

interface DbState {
  owner: string;
  acl: string[];
  settings: string[];
  comment: string | null;
}

async function stateOf(name: string): Promise<DbState> {
  const [row] = await queryRows<{ owner: string; acl: string[] | null; comment: string | null }>(
    database().adminUrl,
    `SELECT pg_get_userbyid(d.datdba) AS owner, shobj_description(d.oid, 'pg_database') AS comment,
            (SELECT array_agg(format('%s:%s:%s', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type, a.is_grantable))
               FROM aclexplode(d.datacl) a) AS acl
       FROM pg_database d WHERE d.datname = $1`,
    [name],
  );
  const settings = await queryRows<{ s: string }>(
    database().adminUrl,
    `SELECT format('%s %s', COALESCE(pg_get_userbyid(NULLIF(s.setrole, 0)), '*'), array_to_string(s.setconfig, ';')) AS s
       FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = $1 ORDER BY 1`,
    [name],
  );
  return { owner: row!.owner, acl: (row!.acl ?? []).sort(), settings: settings.map((r) => r.s), comment: row!.comment };
}

beforeAll(async () => {
  dir = await tempDir();
  const name = database().name;
  await runAdmin(database().adminUrl, [
    `CREATE ROLE ${reader} LOGIN`,
    `CREATE ROLE ${owner}`,
    `ALTER DATABASE "${name}" OWNER TO ${owner}`,
    `REVOKE CONNECT, TEMPORARY ON DATABASE "${name}" FROM PUBLIC`,
    `GRANT CONNECT ON DATABASE "${name}" TO ${reader}`,
    `ALTER DATABASE "${name}" SET work_mem = '7MB'`,
    `ALTER DATABASE "${name}" SET search_path = "$user", public, "odd ""schema"""`,
    `ALTER ROLE ${reader} IN DATABASE "${name}" SET statement_timeout = '5s'`,
    `COMMENT ON DATABASE "${name}" IS 'locked down: it''s NetRaven ✓'`,
  ]);
  id = (await createBackup({ databaseUrl: database().url, dir, ...PG_OPTIONS, logger })).id;
});
afterAll(async () => {
  await runAdmin(database().adminUrl, [`ALTER DATABASE "${database().name}" OWNER TO CURRENT_USER`]);
  const others = (await databasesLike(database().adminUrl, database().name)).filter((d) => d !== database().name);
  await dropAll(database().adminUrl, others);
  await runAdmin(database().adminUrl, [`DROP OWNED BY ${reader}`, `DROP OWNED BY ${owner}`]).catch(() => undefined);
});

describe("database-level state", () => {
  it("a locked-down database is restored into a new database with the same ACL, settings, comment and owner", async () => {
    const source = await stateOf(database().name);
    expect(source.acl.some((a) => a.startsWith("PUBLIC:"))).toBe(false);
    expect(source.settings).toHaveLength(2);
    const target = `${database().name}_copy`;
    await restoreBackup({ databaseUrl: database().url, dir, id, targetDatabase: target, ...PG_OPTIONS, logger });
    expect(await stateOf(target)).toEqual(source);
    const [row] = await queryRows<{ search_path: string }>(withDatabase(database().url, target), "SHOW search_path");
    expect(row!.search_path).toBe(`"$user", public, "odd ""schema"""`);
  });

  it("restore --force over an open database carries the state over as well", async () => {
    const source = await stateOf(database().name);
    const target = `${database().name}_open`;
    await runAdmin(database().adminUrl, [`CREATE DATABASE "${target}"`]);
    await runAdmin(withDatabase(database().url, target), ["CREATE TABLE old (id int)"]);
    await restoreBackup({ databaseUrl: database().url, dir, id, targetDatabase: target, force: true, safetyBackup: false, ...PG_OPTIONS, logger });
    expect(await stateOf(target)).toEqual(source);
  });
});
