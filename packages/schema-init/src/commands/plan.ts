import type { Command } from "commander";

import type { CommandContext } from "../cli/context.js";
import { withConnection } from "../cli/context.js";
import { EXIT_CODES } from "../cli/exit-codes.js";
import { assertDeployable } from "../migrate/apply-pending.js";
import { readLocalMigrations } from "../migrate/local-migrations.js";
import { readMigrationHistory } from "../migrate/migration-history.js";
import { planMigrations } from "../migrate/plan-migrations.js";

/** `schema-init plan`: dry run; the pending migrations and their SQL, nothing applied. */
export async function runPlan(ctx: CommandContext): Promise<number> {
  const migrations = await readLocalMigrations(ctx.config.SCHEMA_INIT_MIGRATIONS_DIR);
  const rows = await withConnection(ctx, (client) => readMigrationHistory(client, ctx.config.DATABASE_SCHEMA));
  const plan = planMigrations(migrations, rows);
  assertDeployable(plan, rows);
  const pending = migrations.filter((m) => plan.pending.includes(m.name));
  if (ctx.json) ctx.out(JSON.stringify({ pending: pending.map((m) => ({ name: m.name, checksum: m.checksum, sql: m.sql })) }));
  else if (pending.length === 0) ctx.out("Nothing to apply: the database is up to date.");
  else ctx.out(pending.map((m) => `-- Migration ${m.name}\n${m.sql.trimEnd()}\n`).join("\n"));
  return pending.length ? EXIT_CODES.PENDING : EXIT_CODES.OK;
}

export function registerPlan(program: Command, run: (action: (ctx: CommandContext) => Promise<number>) => Promise<void>): void {
  program
    .command("plan")
    .description("dry run: print the pending migrations and their SQL (exit 10 when some are pending)")
    .action(() => run(runPlan));
}
