import type { RunAction } from "@netraven/runtime";
import { EXIT_CODES } from "@netraven/runtime";
import type { Command } from "commander";

import type { CommandContext } from "../cli/context.js";
import { createContext } from "../cli/context.js";
import { withConnection } from "../cli/with-connection.js";
import { SCHEMA_INIT_EXIT_CODES } from "../exit-codes.js";
import { readLocalMigrations } from "../migrate/local-migrations.js";
import type { ValidationReport } from "../validate/types.js";
import { readManifest, validateLoaded } from "../validate/validate-schema.js";

/** What `validate` says about a database `up` never ran on. */
export const NO_SCHEMA_MESSAGE = "the database has no NetRaven schema yet: run `schema-init up`";

/**
 * `schema-init validate`: compare the catalog with the schema (read-only).
 * Exit 0 when identical, 10 when migrations are pending (or there is no
 * schema yet), 65 on any drift (extra objects included), with the SQL that
 * would repair what differs.
 */
export async function runValidate(ctx: CommandContext): Promise<number> {
  const loaded = { manifest: await readManifest(ctx.config.SCHEMA_INIT_MANIFEST), migrations: await readLocalMigrations(ctx.config.SCHEMA_INIT_MIGRATIONS_DIR) };
  const report = await withConnection(ctx, (client) => validateLoaded(client, ctx.config.DATABASE_SCHEMA, loaded));
  if (ctx.json) ctx.printJson({ ...report, ...(report.schemaMissing ? { message: NO_SCHEMA_MESSAGE } : {}) });
  else ctx.out(renderValidation(report));
  if (report.schemaMissing || report.pendingMigrations.length || report.failedMigrations.length) return SCHEMA_INIT_EXIT_CODES.PENDING;
  return report.drift ? EXIT_CODES.DATA : EXIT_CODES.OK;
}

function renderValidation(report: ValidationReport): string {
  // A database up never ran on: 13 "missing table" errors and CREATE TABLE "repair" SQL would only mislead.
  if (report.schemaMissing) return `${NO_SCHEMA_MESSAGE.charAt(0).toUpperCase()}${NO_SCHEMA_MESSAGE.slice(1)}.`;
  const lines: string[] = [];
  if (report.pendingMigrations.length) lines.push(`Pending migrations: ${report.pendingMigrations.join(", ")} (run schema-init up).`);
  if (report.failedMigrations.length) lines.push(`Failed migrations: ${report.failedMigrations.join(", ")}.`);
  if (!report.drift) lines.push(`The database matches the schema (${report.expectedMigration}).`);
  else {
    lines.push(`${report.problems.length} difference(s) from the schema:`);
    for (const p of report.problems) lines.push(`  ${p.severity === "error" ? "ERROR  " : "WARNING"} ${p.message}${p.expected ? ` (expected ${p.expected}${p.actual ? `, found ${p.actual}` : ""})` : ""}`);
    if (report.repairSql) lines.push("", "SQL that would repair it (review before running):", report.repairSql);
    else lines.push("", "Nothing to repair: only extra objects, which are warnings and are kept (drop them yourself if nobody needs them).");
  }
  return lines.join("\n");
}

export function registerValidate(program: Command, run: RunAction): void {
  program
    .command("validate")
    .description("compare every table, column, key, index and trigger with the schema (read-only; prints repair SQL)")
    .action(run((cli) => runValidate(createContext(cli))));
}
