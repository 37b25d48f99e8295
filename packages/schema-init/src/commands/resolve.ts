import type { RunAction } from "@netraven/runtime";
import type { Command } from "commander";

import type { CommandContext } from "../cli/context.js";
import { createContext } from "../cli/context.js";
import { withConnection } from "../cli/with-connection.js";
import { MigrationBlockedError, UsageError } from "../errors.js";
import { acquireSchemaLock } from "../lock/schema-lock.js";
import { checkObjects } from "../migrate/check-objects.js";
import { createdObjects, describeObject } from "../migrate/created-objects.js";
import { historyTable, literal } from "../migrate/history-table.js";
import { readLocalMigrations } from "../migrate/local-migrations.js";
import { markRolledBack } from "../migrate/migration-history.js";
import { readManifest } from "../validate/validate-schema.js";

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
 *
 * Before marking anything it checks the claim against the database: the
 * tables, indexes, columns, constraints, triggers and functions the migration
 * creates must all be absent for --rolled-back, and all present (valid or
 * enabled, and as the manifest describes them) for --applied. A wrong mark is
 * what turns an interrupted migration into "relation already exists" on every
 * later run.
 */
export async function runResolve(ctx: CommandContext, flags: ResolveFlags): Promise<number> {
  const name = flags.rolledBack ?? flags.applied;
  if (!name || (flags.rolledBack && flags.applied)) throw new UsageError("Give exactly one of --rolled-back <migration> or --applied <migration>.");
  const migration = (await readLocalMigrations(ctx.config.SCHEMA_INIT_MIGRATIONS_DIR)).find((m) => m.name === name);
  if (!migration) throw new UsageError(`No migration named ${name} in ${ctx.config.SCHEMA_INIT_MIGRATIONS_DIR}: check the name with \`schema-init status\`.`);
  const manifest = await readManifest(ctx.config.SCHEMA_INIT_MANIFEST);
  const schema = ctx.config.DATABASE_SCHEMA;
  const objects = createdObjects(migration.sql);
  await withConnection(ctx, async (client) => {
    const lock = await acquireSchemaLock({ client, logger: ctx.logger, timeoutMs: ctx.config.SCHEMA_INIT_LOCK_TIMEOUT_MS, mode: ctx.config.SCHEMA_INIT_LOCK_MODE, signal: ctx.signal });
    try {
      const states = await checkObjects(client, schema, objects, manifest);
      if (objects.length === 0) ctx.logger.warn(`Migration ${name} creates no table, index, column, constraint, trigger or function schema-init can recognise: the database was not checked.`);
      if (flags.rolledBack) {
        const present = states.filter((s) => s.state !== "missing");
        if (present.length) {
          throw new MigrationBlockedError(
            `Refusing to mark ${name} rolled back: it left changes behind: ${present.map((s) => `${describeObject(s.object)} exists${s.detail ? ` (${s.detail})` : ""}`).join("; ")}. Drop them first (DROP INDEX CONCURRENTLY for an index), or finish the migration by hand and run \`schema-init resolve --applied ${name}\`.`,
            { context: { migration: name, present: present.map((s) => describeObject(s.object)) } },
          );
        }
      } else {
        const wrong = states.filter((s) => s.state !== "ok");
        if (wrong.length) {
          throw new MigrationBlockedError(
            `Refusing to record ${name} as applied: ${wrong.map((s) => `${describeObject(s.object)} ${s.state === "missing" ? "is missing" : `is wrong: ${s.detail}`}`).join("; ")}. Finish the migration by hand (the statements are in ${name}/migration.sql), or undo it and run \`schema-init resolve --rolled-back ${name}\`.`,
            { context: { migration: name, wrong: wrong.map((s) => describeObject(s.object)) } },
          );
        }
      }
      const marked = await markRolledBack(client, schema, name);
      if (flags.applied) {
        await client.query(
          `INSERT INTO ${historyTable(schema)} (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES (gen_random_uuid()::text, ${literal(migration.checksum)}, ${literal(name)}, now(), now(), 0)`,
        );
      } else if (marked === 0) {
        throw new UsageError(`Migration ${name} has no failed row to mark rolled back: \`schema-init status\` shows its state.`);
      }
    } finally {
      await lock.release();
    }
  });
  if (ctx.json) ctx.printJson({ ok: true, migration: name, resolution: flags.applied ? "applied" : "rolled-back" });
  else ctx.out(flags.applied ? `Recorded ${name} as applied.` : `Marked ${name} as rolled back; the next \`schema-init up\` applies it again.`);
  return 0;
}

export function registerResolve(program: Command, run: RunAction): void {
  program
    .command("resolve")
    .description("settle a failed migration by hand, after checking the database: --rolled-back <name> (re-run it) or --applied <name> (record it as applied)")
    .option("--rolled-back <migration>", "the migration left no changes: mark its failed row rolled back")
    .option("--applied <migration>", "the migration's changes are in place: record it as applied")
    .action(run((cli) => runResolve(createContext(cli), cli.options as ResolveFlags)));
}
