import type { ToolContext } from "../pg/tool-context.js";
import { runTool } from "../pg/tool-context.js";

/**
 * The roles an archive assigns objects to: the owner column that ends every
 * `pg_restore --list` line (`<id>; <oid> <oid> <TYPE> <schema> <name> <owner>`;
 * entries without an owner end in a space). Read before anything is
 * created, so a missing role is named up front rather than by pg_restore
 * half-way through.
 */
export async function referencedRoles(ctx: ToolContext, archive: string): Promise<string[]> {
  const { stdout } = await runTool(ctx, "pg_restore", ["--list", archive]);
  const roles = new Set<string>();
  for (const line of stdout.split("\n")) {
    if (line.startsWith(";") || !/^\d+;/.test(line) || line.endsWith(" ")) continue;
    const owner = line.slice(line.lastIndexOf(" ") + 1);
    // Built-in roles (pg_database_owner owns the public schema) exist on every server.
    if (owner && !owner.startsWith("pg_")) roles.add(owner);
  }
  return [...roles].sort();
}
