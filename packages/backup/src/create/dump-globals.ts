import { rm } from "node:fs/promises";

import { isNetravenError } from "@netraven/runtime";

import type { PgToolFailedError } from "../errors.js";
import type { ToolContext } from "../pg/tool-context.js";
import { runTool } from "../pg/tool-context.js";

/** What happened to the globals (roles, tablespaces) of one backup. */
export interface GlobalsOutcome {
  included: boolean;
  withRolePasswords: boolean;
  reason?: string;
}

/**
 * Writes `pg_dumpall --globals-only` to `file`. Superusers get role
 * passwords; other roles use --no-role-passwords (pg_authid is superuser
 * only). Missing pg_dumpall or a refused privilege is a warning, not a
 * failed backup: the database dump is still complete.
 */
export async function dumpGlobals(ctx: ToolContext, file: string, database: string, isSuperuser: boolean): Promise<GlobalsOutcome> {
  if (!ctx.client.pgDumpall) {
    const reason = `pg_dumpall is missing from ${ctx.client.dir}`;
    ctx.logger.warn(`globals (roles, tablespaces) not dumped: ${reason}`);
    return { included: false, withRolePasswords: false, reason };
  }
  const args = ["--globals-only", "--no-password", "--file", file, "--database", database];
  if (!isSuperuser) args.push("--no-role-passwords");
  try {
    await runTool(ctx, "pg_dumpall", args);
    return { included: true, withRolePasswords: isSuperuser };
  } catch (error) {
    if (isNetravenError(error) && error.code === "PG_DUMPALL_FAILED" && /permission denied|must be superuser/i.test((error as PgToolFailedError).failure.stderr)) {
      const reason = (error as PgToolFailedError).failure.stderr.split("\n")[0] ?? "permission denied";
      ctx.logger.warn("globals (roles, tablespaces) not dumped: this role may not read them; restore roles by hand", { reason });
      await rm(file, { force: true });
      return { included: false, withRolePasswords: false, reason };
    }
    throw error;
  }
}
