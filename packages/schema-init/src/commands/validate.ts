import type { Command } from "commander";

import type { CommandContext } from "../cli/context.js";
import { withConnection } from "../cli/context.js";
import { EXIT_CODES } from "../cli/exit-codes.js";
import type { ValidationReport } from "../validate/types.js";
import { readLocalMigrations } from "../migrate/local-migrations.js";
import { readManifest, validateLoaded } from "../validate/validate-schema.js";

/**
 * `schema-init validate`: compare the catalog with the schema (read-only).
 * Exit 0 when identical, 10 when migrations are pending, 65 on any drift
 * (extra objects included), with the SQL that would repair it.
 */
export async function runValidate(ctx: CommandContext): Promise<number> {
  const loaded = { manifest: await readManifest(ctx.config.SCHEMA_INIT_MANIFEST), migrations: await readLocalMigrations(ctx.config.SCHEMA_INIT_MIGRATIONS_DIR) };
  const report = await withConnection(ctx, (client) => validateLoaded(client, ctx.config.DATABASE_SCHEMA, loaded));
  ctx.out(ctx.json ? JSON.stringify(report) : renderValidation(report));
  if (report.pendingMigrations.length || report.failedMigrations.length) return EXIT_CODES.PENDING;
  return report.drift ? EXIT_CODES.SCHEMA_DRIFT : EXIT_CODES.OK;
}

function renderValidation(report: ValidationReport): string {
  const lines: string[] = [];
  if (report.pendingMigrations.length) lines.push(`Pending migrations: ${report.pendingMigrations.join(", ")} (run schema-init up).`);
  if (report.failedMigrations.length) lines.push(`Failed migrations: ${report.failedMigrations.join(", ")}.`);
  if (!report.drift) lines.push(`The database matches the schema (${report.expectedMigration}).`);
  else {
    lines.push(`${report.problems.length} difference(s) from the schema:`);
    for (const p of report.problems) lines.push(`  ${p.severity === "error" ? "ERROR  " : "WARNING"} ${p.message}${p.expected ? ` (expected ${p.expected}${p.actual ? `, found ${p.actual}` : ""})` : ""}`);
    lines.push("", "SQL that would repair it (review before running):", report.repairSql);
  }
  return lines.join("\n");
}

export function registerValidate(program: Command, run: (action: (ctx: CommandContext) => Promise<number>) => Promise<void>): void {
  program
    .command("validate")
    .description("compare every table, column, key and index with the schema (read-only; prints repair SQL)")
    .action(() => run(runValidate));
}
