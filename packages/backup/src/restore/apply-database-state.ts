import pg from "pg";

import type { Logger } from "@netraven/runtime";
import type { Queryable } from "../pg/connect.js";
import { quoteIdent } from "../pg/connect.js";
import type { DatabaseState } from "../pg/database-state.js";

/** Settings whose values are lists that PostgreSQL quotes element by element (pg_dump's GUC_LIST_QUOTE set). */
const LIST_SETTINGS = new Set(["search_path", "temp_tablespaces", "session_preload_libraries", "local_preload_libraries", "shared_preload_libraries"]);

/** Options for {@link applyDatabaseState}. */
export interface ApplyDatabaseStateOptions {
  /** The database the state goes onto (the restore's new database, before it takes the target's name). */
  database: string;
  state: DatabaseState;
  /** `--no-owner`: leave the restoring role as owner and give it the source owner's grants. */
  noOwner: boolean;
  /** The role running the restore. */
  currentRole: string;
  logger: Logger;
}

/**
 * Reapplies what the source database carried itself: owner, ACL (a database
 * locked down with REVOKE CONNECT FROM PUBLIC stays locked down), settings,
 * per-role settings, comment and connection limit. Runs on the new database
 * before the swap, so a failure here never touches the original. Grants to
 * roles that do not exist here are skipped with a warning.
 */
export async function applyDatabaseState(admin: Queryable, options: ApplyDatabaseStateOptions): Promise<string[]> {
  const { state, logger } = options;
  const db = quoteIdent(options.database);
  const warnings: string[] = [];
  const exists = await existingRoles(admin, [state.owner, ...(state.acl ?? []).map((a) => a.grantee), ...state.roleSettings.map((r) => r.role)]);
  const owner = options.noOwner ? options.currentRole : state.owner;
  if (!options.noOwner && state.owner !== options.currentRole) await admin.query(`ALTER DATABASE ${db} OWNER TO ${quoteIdent(state.owner)}`);
  if (state.acl) {
    await admin.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC, ${quoteIdent(owner)}`);
    for (const entry of state.acl) {
      const grantee = entry.grantee === null ? "PUBLIC" : entry.grantee === state.owner ? owner : entry.grantee;
      if (grantee !== "PUBLIC" && grantee !== owner && !exists.has(grantee)) {
        warnings.push(`database grant of ${entry.privilege} to role "${grantee}" skipped: the role does not exist here`);
        continue;
      }
      const to = grantee === "PUBLIC" ? "PUBLIC" : quoteIdent(grantee);
      await admin.query(`GRANT ${entry.privilege} ON DATABASE ${db} TO ${to}${entry.grantable ? " WITH GRANT OPTION" : ""}`);
    }
  }
  for (const setting of state.settings) await admin.query(`ALTER DATABASE ${db} SET ${settingClause(setting)}`);
  for (const { role, settings } of state.roleSettings) {
    if (!exists.has(role)) {
      warnings.push(`settings of role "${role}" in the database skipped: the role does not exist here`);
      continue;
    }
    for (const setting of settings) {
      // Only superusers (or CREATEROLE over that role) may set another role's defaults: that is worth a warning, not a failed restore.
      await admin.query(`ALTER ROLE ${quoteIdent(role)} IN DATABASE ${db} SET ${settingClause(setting)}`).catch((error: unknown) => {
        warnings.push(`setting ${setting} of role "${role}" in the database not applied: ${(error as Error).message}`);
      });
    }
  }
  if (state.comment !== null) await admin.query(`COMMENT ON DATABASE ${db} IS ${pg.escapeLiteral(state.comment)}`);
  if (state.connectionLimit !== -1) await admin.query(`ALTER DATABASE ${db} CONNECTION LIMIT ${Number(state.connectionLimit)}`);
  for (const warning of warnings) logger.warn(warning);
  return warnings;
}

async function existingRoles(admin: Queryable, names: (string | null)[]): Promise<Set<string>> {
  const wanted = [...new Set(names.filter((n): n is string => n !== null))];
  const { rows } = await admin.query<{ rolname: string }>("SELECT rolname FROM pg_roles WHERE rolname = ANY($1)", [wanted]);
  return new Set(rows.map((r) => r.rolname));
}

/** `name=value` (pg_db_role_setting's form) as `"name" TO 'value'`, list settings element by element. */
export function settingClause(setting: string): string {
  const eq = setting.indexOf("=");
  const name = setting.slice(0, eq);
  const value = setting.slice(eq + 1);
  const values = LIST_SETTINGS.has(name.toLowerCase()) ? splitList(value) : [value];
  return `${quoteIdent(name)} TO ${values.map((v) => pg.escapeLiteral(v)).join(", ")}`;
}

/** Splits a list setting the way PostgreSQL's SplitGUCList does: commas, with "double-quoted" elements ("" inside). */
function splitList(value: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < value.length) {
    while (value[i] === " ") i++;
    let item = "";
    if (value[i] === '"') {
      i++;
      while (i < value.length && !(value[i] === '"' && value[i + 1] !== '"')) {
        item += value[i];
        i += value[i] === '"' ? 2 : 1;
      }
      i++;
    } else {
      while (i < value.length && value[i] !== ",") item += value[i++];
      item = item.trim();
    }
    out.push(item);
    while (i < value.length && value[i] !== ",") i++;
    i++;
  }
  return out;
}
