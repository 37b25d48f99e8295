import { z } from "zod";

import type { Queryable } from "./connect.js";

/**
 * What belongs to the database itself rather than to its contents: pg_dump
 * writes none of it unless --create (which would restore under the source's
 * name), so the manifest carries it and restore reapplies it to the target.
 */
export const DatabaseStateSchema = z.object({
  owner: z.string(),
  /** The ACL as granted; null means the default (owner: all, PUBLIC: CONNECT and TEMPORARY). */
  acl: z
    .array(z.object({ grantee: z.string().nullable(), privilege: z.enum(["CREATE", "CONNECT", "TEMPORARY"]), grantable: z.boolean() }))
    .nullable(),
  /** `ALTER DATABASE ... SET`, as `name=value` (pg_db_role_setting's form). */
  settings: z.array(z.string()),
  /** `ALTER ROLE ... IN DATABASE ... SET`, per role. */
  roleSettings: z.array(z.object({ role: z.string(), settings: z.array(z.string()) })),
  comment: z.string().nullable(),
  /** -1 = no limit. */
  connectionLimit: z.number().int(),
});
export type DatabaseState = z.infer<typeof DatabaseStateSchema>;

/** Reads the current database's owner, ACL, settings, per-role settings, comment and connection limit. */
export async function readDatabaseState(db: Queryable): Promise<DatabaseState> {
  const { rows } = await db.query<{ owner: string; acl: DatabaseState["acl"]; comment: string | null; connlimit: number }>(
    `SELECT pg_get_userbyid(d.datdba) AS owner, shobj_description(d.oid, 'pg_database') AS comment, d.datconnlimit AS connlimit,
            CASE WHEN d.datacl IS NULL THEN NULL ELSE COALESCE(
              (SELECT json_agg(json_build_object('grantee', CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END,
                                                 'privilege', a.privilege_type, 'grantable', a.is_grantable) ORDER BY a.grantee, a.privilege_type)
                 FROM aclexplode(d.datacl) a), '[]'::json) END AS acl
       FROM pg_database d WHERE d.datname = current_database()`,
  );
  const { rows: settings } = await db.query<{ role: string | null; config: string[] }>(
    `SELECT CASE WHEN s.setrole = 0 THEN NULL ELSE pg_get_userbyid(s.setrole) END AS role, s.setconfig AS config
       FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
      WHERE d.datname = current_database() ORDER BY 1 NULLS FIRST`,
  );
  const row = rows[0]!;
  return {
    owner: row.owner,
    acl: row.acl,
    settings: settings.find((s) => s.role === null)?.config ?? [],
    roleSettings: settings.filter((s): s is { role: string; config: string[] } => s.role !== null).map((s) => ({ role: s.role, settings: s.config })),
    comment: row.comment,
    connectionLimit: row.connlimit,
  };
}
