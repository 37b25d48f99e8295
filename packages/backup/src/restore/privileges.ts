import { PrivilegeMissingError } from "../errors.js";
import type { Queryable } from "../pg/connect.js";

/** The restoring role and what it may do on the server. */
export interface RoleFacts {
  role: string;
  superuser: boolean;
  createdb: boolean;
}

/** Reads the connected role's name, SUPERUSER and CREATEDB. */
export async function readRoleFacts(admin: Queryable): Promise<RoleFacts> {
  const { rows } = await admin.query<RoleFacts>(
    "SELECT current_user AS role, rolsuper AS superuser, rolcreatedb AS createdb FROM pg_roles WHERE rolname = current_user",
  );
  return rows[0]!;
}

/** Refuses, before anything is created, when the role may not create the database a restore or test restore loads into. */
export function requireCreateDb(facts: RoleFacts, purpose: string, alternative: string): void {
  if (facts.superuser || facts.createdb) return;
  throw new PrivilegeMissingError(
    `role "${facts.role}" lacks CREATEDB, which ${purpose} needs; nothing was changed. ` +
      `Grant it as an administrator (ALTER ROLE ${facts.role} CREATEDB; on managed PostgreSQL through the provider's console or its admin role), ${alternative}`,
    { context: { role: facts.role, missing: "CREATEDB" } },
  );
}

/** What {@link checkRestorePrivileges} needs to know about the plan. */
export interface RestorePlanFacts {
  target: string;
  /** The target exists and will be renamed aside, then dropped after the swap. */
  replacesTarget: boolean;
  /** Roles the archive assigns objects to (ignored with --no-owner). */
  referencedRoles: string[];
  noOwner: boolean;
}

/**
 * Checks every privilege a restore needs before it changes anything:
 * CREATEDB (it always loads into a new database, then swaps by rename),
 * ownership and CONNECT of a target it replaces (renaming and dropping a
 * database needs its ownership), and, unless --no-owner, that the roles the
 * archive assigns objects to exist and that this role may act as them.
 */
export async function checkRestorePrivileges(admin: Queryable, facts: RoleFacts, plan: RestorePlanFacts): Promise<void> {
  requireCreateDb(
    facts,
    "restore (it loads into a new database and swaps it in by rename, so a failure never touches the target)",
    "or run the restore as a role that has it",
  );
  if (plan.replacesTarget && !facts.superuser) {
    const { rows } = await admin.query<{ owner: string; owns: boolean; connect: boolean }>(
      `SELECT pg_get_userbyid(datdba) AS owner, pg_has_role(datdba, 'MEMBER') AS owns, has_database_privilege(datname, 'CONNECT') AS connect
         FROM pg_database WHERE datname = $1`,
      [plan.target],
    );
    const row = rows[0];
    if (row && !row.owns) {
      throw new PrivilegeMissingError(
        `role "${facts.role}" does not own database "${plan.target}" (its owner is "${row.owner}"), and replacing it means renaming and dropping it; nothing was changed. ` +
          `Run the restore as its owner, grant the owner role (GRANT "${row.owner}" TO ${facts.role}), or restore into a new database (leave out --target)`,
        { context: { role: facts.role, missing: "OWNERSHIP", target: plan.target } },
      );
    }
    if (row && !row.connect) {
      throw new PrivilegeMissingError(
        `role "${facts.role}" may not connect to database "${plan.target}"; nothing was changed. GRANT CONNECT ON DATABASE "${plan.target}" TO ${facts.role}`,
        { context: { role: facts.role, missing: "CONNECT", target: plan.target } },
      );
    }
  }
  if (plan.noOwner || plan.referencedRoles.length === 0) return;
  const { rows } = await admin.query<{ name: string; found: boolean; member: boolean }>(
    `SELECT n.name, r.oid IS NOT NULL AS found, COALESCE(pg_has_role(r.oid, 'MEMBER'), false) AS member
       FROM unnest($1::text[]) AS n(name) LEFT JOIN pg_roles r ON r.rolname = n.name ORDER BY 1`,
    [plan.referencedRoles],
  );
  const missing = rows.filter((r) => !r.found).map((r) => r.name);
  if (missing.length > 0) {
    throw new PrivilegeMissingError(
      `the backup assigns objects to roles that do not exist on this server: ${missing.join(", ")}; nothing was changed. ` +
        `Create them first (from the backup's .globals.sql, see docs/backup.md), or pass --no-owner to make "${facts.role}" own everything`,
      { context: { role: facts.role, missing: "ROLES", roles: missing } },
    );
  }
  const foreign = rows.filter((r) => !r.member && !facts.superuser).map((r) => r.name);
  if (foreign.length > 0) {
    throw new PrivilegeMissingError(
      `role "${facts.role}" may not give objects to ${foreign.join(", ")} (restoring ownership needs membership); nothing was changed. ` +
        `Grant membership (GRANT ${foreign.map((f) => `"${f}"`).join(", ")} TO ${facts.role}), run as a superuser, or pass --no-owner`,
      { context: { role: facts.role, missing: "ROLE_MEMBERSHIP", roles: foreign } },
    );
  }
}
