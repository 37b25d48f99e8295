import type { MigrationScript } from "@netraven/db-schema/core";
import type { MigrationApplyError } from "@netraven/db-schema/engine";
import type pg from "pg";

import { LockTimeoutError, MigrationBlockedError, MigrationEditedError, MigrationFailedError, MigrationsAheadError } from "../errors.js";
import type { Logger } from "../logger.js";
import { markRolledBack, readMigrationHistory } from "./migration-history.js";
import type { MigrationPlan } from "./plan-migrations.js";
import { planMigrations } from "./plan-migrations.js";

/** Options for {@link applyPending}. */
export interface ApplyPendingOptions {
  /** Connection string the engine opens its own pool with. */
  url: string;
  schema: string;
  /** The session holding the schema lock; used for history reads and fixes. */
  client: pg.Client;
  migrationsDir: string;
  migrations: MigrationScript[];
  logger: Logger;
}

/** Result of the migrate step. */
export interface ApplyPendingResult {
  applied: string[];
  plan: MigrationPlan;
}

/** Refuses histories that must not be deployed over: edited, unknown (newer) or failed migrations. */
export function assertDeployable(plan: MigrationPlan): void {
  if (plan.edited.length) {
    throw new MigrationEditedError(
      `Applied migration(s) ${plan.edited.join(", ")} changed after they were applied. Migrations are immutable: restore the original file(s) from version control and put the change in a new migration (pnpm --filter db-schema migration:new <name>).`,
      { migrations: plan.edited },
    );
  }
  if (plan.unknown.length) {
    throw new MigrationsAheadError(
      `The database has migration(s) this build does not contain: ${plan.unknown.join(", ")}. It was migrated by a newer release; deploy that release (or a newer one) instead of this one.`,
      { migrations: plan.unknown },
    );
  }
  if (plan.failed.length) {
    throw new MigrationBlockedError(
      `Migration(s) ${plan.failed.join(", ")} failed in an earlier run that schema-init did not record as rolled back (e.g. the process was killed, or another tool ran it). Check the database: if the migration left no changes run \`schema-init resolve --rolled-back <name>\`; if it was fully applied run \`schema-init resolve --applied <name>\`. Then run schema-init again.`,
      { migrations: plan.failed },
    );
  }
}

/**
 * Applies pending migrations through the wasm schema engine, which writes
 * `_prisma_migrations` exactly as `prisma migrate deploy`. The engine is only
 * loaded when something is pending.
 *
 * Each migration runs as one implicit transaction, so when PostgreSQL rejects
 * a statement nothing of that migration remains. We then mark its row rolled
 * back at once (history is kept), so after the fix a rerun applies it with no
 * manual `resolve`. Scripts with their own COMMIT/BEGIN are not provably
 * atomic and are left in the failed state.
 */
export async function applyPending(options: ApplyPendingOptions): Promise<ApplyPendingResult> {
  const plan = planMigrations(options.migrations, await readMigrationHistory(options.client, options.schema));
  assertDeployable(plan);
  if (plan.pending.length === 0) return { applied: [], plan };

  options.logger.info("Applying migrations", { pending: plan.pending });
  if (options.schema !== "public") await options.client.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
  const engineModule = await import("@netraven/db-schema/engine");
  const engine = await engineModule.openSchemaEngine({ url: options.url, schema: options.schema });
  try {
    const applied = await engine.applyMigrations(options.migrationsDir, options.migrations);
    for (const name of applied) options.logger.info("Applied migration", { migration: name });
    return { applied, plan: { ...plan, applied: [...plan.applied, ...applied], pending: [] } };
  } catch (error) {
    if (!(error instanceof engineModule.MigrationApplyError)) throw error;
    if (error.engineCode === "P1002") {
      throw new LockTimeoutError(
        "Another tool holds Prisma's migration lock (pg_advisory_lock 72707369), e.g. a `prisma migrate deploy` in progress. Retry when it has finished.",
        {},
        { cause: error },
      );
    }
    throw await toFailure(error, options, engineModule.hasTransactionControl, engineModule.locate);
  } finally {
    await engine.close();
  }
}

/**
 * What to do about a migration PostgreSQL rolled back, by SQLSTATE: a refused
 * privilege or a file missing on the server is not the migration's fault, and
 * "fix the migration" would send the operator the wrong way.
 */
function remedyFor(sqlState: string | undefined): string {
  if (sqlState === "42501") {
    return "The migration is fine: the role in DATABASE_URL lacks a privilege it needs. Grant it (schema-init's role needs CREATE on the database and ownership of the schema), then run schema-init again.";
  }
  if (sqlState === "58P01") {
    return "The migration is fine: the PostgreSQL server lacks a file it needs, usually an extension's (pg_trgm ships with PostgreSQL's contrib modules). Install it on the server, then run schema-init again.";
  }
  return "Fix the migration and run schema-init again.";
}

async function toFailure(
  error: MigrationApplyError,
  options: ApplyPendingOptions,
  hasTransactionControl: (sql: string) => boolean,
  locate: (sql: string, position: number) => { statement: string; line: number; column: number; excerpt: string },
): Promise<MigrationFailedError> {
  const { migrationName: name, failure } = error;
  const where = failure?.position ? locate(failure.script, failure.position) : undefined;
  const atomic = failure !== undefined && !hasTransactionControl(failure.script);
  const resolved = atomic && name ? (await markRolledBack(options.client, options.schema, name)) > 0 : false;
  const lines = [
    `Migration ${name || "(unknown)"} failed: ${failure?.message ?? error.message}${failure?.code ? ` (SQLSTATE ${failure.code})` : ""}.`,
    where ? `At line ${where.line}, column ${where.column} of ${name}/migration.sql:\n${where.excerpt}` : "",
    failure?.detail ? `Detail: ${failure.detail}` : "",
    failure?.hint ? `Hint: ${failure.hint}` : "",
    resolved
      ? `PostgreSQL rolled the migration back, so the database is as it was before it. ${remedyFor(failure?.code)}`
      : `The migration may be partly applied (it controls its own transactions). Inspect the database, then run \`schema-init resolve --rolled-back ${name}\` or \`--applied ${name}\`.`,
  ];
  return new MigrationFailedError(
    lines.filter(Boolean).join("\n"),
    { migration: name, statement: where?.statement, line: where?.line, column: where?.column, pgCode: failure?.code, pgMessage: failure?.message, rolledBack: resolved },
    { cause: error },
  );
}
