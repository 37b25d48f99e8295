import type { RunAction } from "@netraven/runtime";
import type { Command } from "commander";

import type { CommandContext } from "../cli/context.js";
import { createContext } from "../cli/context.js";
import { withConnection } from "../cli/with-connection.js";
import { SCHEMA_INIT_EXIT_CODES } from "../exit-codes.js";
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
  if (ctx.json) ctx.printJson({ pending: pending.map((m) => ({ name: m.name, checksum: m.checksum, sql: m.sql })) });
  else if (pending.length === 0) ctx.out("Nothing to apply: the database is up to date.");
  else ctx.out(pending.map((m) => `-- Migration ${m.name}\n${m.sql.trimEnd()}\n`).join("\n"));
  return pending.length ? SCHEMA_INIT_EXIT_CODES.PENDING : 0;
}

export function registerPlan(program: Command, run: RunAction): void {
  program
    .command("plan")
    .description("dry run: print the pending migrations and their SQL (exit 10 when some are pending)")
    .action(run((cli) => runPlan(createContext(cli))));
}
