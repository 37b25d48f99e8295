import type { RunAction } from "@netraven/runtime";
import type { Command } from "commander";

import type { CommandContext } from "../cli/context.js";
import { createContext } from "../cli/context.js";
import { withConnection } from "../cli/with-connection.js";
import { SCHEMA_INIT_EXIT_CODES } from "../exit-codes.js";
import { aloneProgress, assertDeployable } from "../migrate/apply-pending.js";
import { readLocalMigrations } from "../migrate/local-migrations.js";
import { readMigrationHistory } from "../migrate/migration-history.js";
import { planMigrations } from "../migrate/plan-migrations.js";

/** `schema-init status`: applied and pending migrations; read-only. Exit 0 up to date, 10 pending. */
export async function runStatus(ctx: CommandContext): Promise<number> {
  const rows = await withConnection(ctx, (client) => readMigrationHistory(client, ctx.config.DATABASE_SCHEMA));
  const plan = planMigrations(await readLocalMigrations(ctx.config.SCHEMA_INIT_MIGRATIONS_DIR), rows);
  const progress = Object.fromEntries(plan.failed.flatMap((name) => {
    const known = aloneProgress(rows, name);
    return known ? [[name, known]] : [];
  }));
  if (ctx.json) ctx.printJson({ ...plan, progress });
  else {
    ctx.out(
      [
        `Applied: ${plan.applied.length}${plan.applied.length ? ` (latest ${plan.applied.at(-1)})` : ""}`,
        `Pending: ${plan.pending.length ? plan.pending.join(", ") : "none"}`,
        ...(plan.failed.length ? [`Failed: ${plan.failed.join(", ")}`, ...Object.entries(progress).map(([name, known]) => `  ${name}: ${known}`)] : []),
        ...(plan.edited.length ? [`Edited since applied: ${plan.edited.join(", ")}`] : []),
        ...(plan.unknown.length ? [`Unknown to this build: ${plan.unknown.join(", ")}`] : []),
      ].join("\n"),
    );
  }
  assertDeployable(plan, rows);
  return plan.pending.length ? SCHEMA_INIT_EXIT_CODES.PENDING : 0;
}

export function registerStatus(program: Command, run: RunAction): void {
  program
    .command("status")
    .description("show applied and pending migrations (read-only; exit 10 when some are pending)")
    .action(run((cli) => runStatus(createContext(cli))));
}
