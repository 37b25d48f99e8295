import { checksumOf, migrationsDir } from "@netraven/db-schema/core";
import type { Command } from "commander";

import type { CommandContext } from "../cli/context.js";
import { withConnection } from "../cli/context.js";
import { EXIT_CODES } from "../cli/exit-codes.js";
import { UsageError } from "../errors.js";
import { acquireSchemaLock } from "../lock/schema-lock.js";
import { readLocalMigrations } from "../migrate/local-migrations.js";
import { markRolledBack } from "../migrate/migration-history.js";

/** Flags of `schema-init resolve`. */
export interface ResolveFlags {
  rolledBack?: string;
  applied?: string;
}

/**
 * `schema-init resolve`: settle a failed migration by hand, with the same
 * effect on `_prisma_migrations` as `prisma migrate resolve`. --rolled-back
 * marks the failed row rolled back (the migration is applied again next run);
 * --applied also records it as applied without running it. History is kept.
 */
export async function runResolve(ctx: CommandContext, flags: ResolveFlags): Promise<number> {
  const name = flags.rolledBack ?? flags.applied;
  if (!name || (flags.rolledBack && flags.applied)) throw new UsageError("Give exactly one of --rolled-back <migration> or --applied <migration>.");
  const migration = (await readLocalMigrations(migrationsDir)).find((m) => m.name === name);
  if (!migration) throw new UsageError(`No migration named ${name} in this build: check the name with \`schema-init status\`.`);
  const schema = ctx.config.DATABASE_SCHEMA;
  await withConnection(ctx, async (client) => {
    const lock = await acquireSchemaLock({ client, logger: ctx.logger, timeoutMs: ctx.config.SCHEMA_INIT_LOCK_TIMEOUT_MS, mode: ctx.config.SCHEMA_INIT_LOCK_MODE, signal: ctx.signal });
    try {
      const marked = await markRolledBack(client, schema, name);
      if (flags.applied) {
        await client.query(
          `INSERT INTO "${schema}"._prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES (gen_random_uuid()::text, $1, $2, now(), now(), 0)`,
          [checksumOf(migration.sql), name],
        );
      } else if (marked === 0) {
        throw new UsageError(`Migration ${name} has no failed row to mark rolled back: \`schema-init status\` shows its state.`);
      }
    } finally {
      await lock.release();
    }
  });
  ctx.out(flags.applied ? `Recorded ${name} as applied.` : `Marked ${name} as rolled back; the next \`schema-init up\` applies it again.`);
  return EXIT_CODES.OK;
}

export function registerResolve(program: Command, run: (action: (ctx: CommandContext) => Promise<number>) => Promise<void>): void {
  program
    .command("resolve")
    .description("settle a failed migration by hand: --rolled-back <name> (re-run it) or --applied <name> (record it as applied)")
    .option("--rolled-back <migration>", "the migration left no changes: mark its failed row rolled back")
    .option("--applied <migration>", "the migration's changes are in place: record it as applied")
    .action((flags: ResolveFlags) => run((ctx) => runResolve(ctx, flags)));
}
