import type { MigrationScript } from "@netraven/db-schema/core";
import type pg from "pg";

import { MigrationBlockedError, MigrationEditedError, MigrationFailedError, MigrationsAheadError } from "../errors.js";
import type { Logger } from "@netraven/runtime";
import { ALONE_LOG_PREFIX, AloneFailure, applyAlone } from "./apply-alone.js";
import { applyInTransaction, TransactionFailure } from "./apply-in-transaction.js";
import { describeFailure } from "./describe-failure.js";
import { NO_TRANSACTION_DIRECTIVE, readDirectives } from "./directive.js";
import { listed } from "./listed-names.js";
import type { MigrationRow } from "./migration-history.js";
import { readMigrationHistory, recordRolledBack } from "./migration-history.js";
import type { MigrationPlan } from "./plan-migrations.js";
import { planMigrations } from "./plan-migrations.js";
import { findNonTransactional } from "./transaction-safety.js";

/** Options for {@link applyPending}. */
export interface ApplyPendingOptions {
  schema: string;
  /** The session holding the schema lock; every migration runs on it. */
  client: pg.Client;
  migrations: MigrationScript[];
  logger: Logger;
  /** History already read on this session under the lock (saves a round trip). */
  history?: MigrationRow[] | null;
}

/** Result of the migrate step. */
export interface ApplyPendingResult {
  applied: string[];
  plan: MigrationPlan;
  /** `_prisma_migrations` as read before applying. */
  history: MigrationRow[] | null;
}

/** What the history says about a failed migration that ran outside a transaction, if it did. */
export function aloneProgress(rows: MigrationRow[] | null, name: string): string | undefined {
  const row = rows?.findLast((r) => r.migrationName === name && r.finishedAt === null && r.rolledBackAt === null);
  return row?.logs?.startsWith(ALONE_LOG_PREFIX) ? row.logs : undefined;
}

/** Refuses histories that must not be deployed over: edited, unknown (newer) or failed migrations. */
export function assertDeployable(plan: MigrationPlan, rows: MigrationRow[] | null = null): void {
  if (plan.edited.length) {
    throw new MigrationEditedError(
      `Applied migration(s) ${plan.edited.join(", ")} changed after they were applied. Migrations are immutable: restore the original file(s) from version control and put the change in a new migration (pnpm --filter db-schema migration:new <name>).`,
      { context: { migrations: plan.edited } },
    );
  }
  if (plan.unknown.length) {
    throw new MigrationsAheadError(
      `The database has migration(s) this build does not contain: ${plan.unknown.join(", ")}. It was migrated by a newer release; deploy that release (or a newer one) instead of this one.`,
      { context: { migrations: plan.unknown } },
    );
  }
  if (plan.failed.length) {
    const lines = plan.failed.map((name) => {
      const progress = aloneProgress(rows, name);
      return progress
        ? `Migration ${name} ${progress.slice("schema-init: ".length)} It was interrupted or failed there: the statement that started may be half done (e.g. an INVALID index), the ones before it completed. Finish or undo it by hand, then run \`schema-init resolve --applied ${name}\` or \`--rolled-back ${name}\`; both check the database against the migration first.`
        : `Migration ${name} failed in an earlier run of another tool (or an older schema-init) and is not recorded as rolled back. Check the database: if the migration left no changes run \`schema-init resolve --rolled-back ${name}\`; if it was fully applied run \`schema-init resolve --applied ${name}\`.`;
    });
    throw new MigrationBlockedError(`${lines.join("\n")}\nThen run schema-init again.`, { context: { migrations: plan.failed, progress: plan.failed.map((name) => aloneProgress(rows, name) ?? null) } });
  }
}

/** Refuses, before anything runs, a migration with statements that cannot run in a transaction and no directive. */
function assertTransactional(pending: MigrationScript[]): boolean[] {
  return pending.map((migration) => {
    const { noTransaction } = readDirectives(migration.name, migration.sql);
    const offending = noTransaction ? undefined : findNonTransactional(migration.sql)[0];
    if (offending) {
      throw new MigrationFailedError(
        `Migration ${migration.name} cannot run inside a transaction: line ${offending.line} of ${migration.name}/migration.sql (${offending.statement.split("\n")[0]}) ${offending.reason}. Nothing was applied. If that is intended, put \`${NO_TRANSACTION_DIRECTIVE}\` as the first line of the file: it then runs alone, outside a transaction, and a crash in the middle needs \`schema-init resolve\`. Otherwise remove the statement.`,
        { context: { migration: migration.name, line: offending.line, statement: offending.statement, refused: true, rolledBack: true } },
      );
    }
    return noTransaction;
  });
}

/**
 * Applies pending migrations on the locked session, writing `_prisma_migrations`
 * exactly as `prisma migrate deploy` does. Consecutive ordinary migrations run
 * in one transaction; a migration marked `-- schema-init: no-transaction` runs
 * alone between them. Every file is checked before the first one runs.
 */
export async function applyPending(options: ApplyPendingOptions): Promise<ApplyPendingResult> {
  const history = options.history !== undefined ? options.history : await readMigrationHistory(options.client, options.schema);
  const plan = planMigrations(options.migrations, history);
  assertDeployable(plan, history);
  if (plan.pending.length === 0) return { applied: [], plan, history };

  const pending = options.migrations.filter((m) => plan.pending.includes(m.name));
  const alone = assertTransactional(pending);
  options.logger.info("Applying migrations", { count: plan.pending.length, pending: listed(plan.pending) });
  const applied: string[] = [];
  let batch: MigrationScript[] = [];
  const flush = async () => {
    if (batch.length) applied.push(...(await applyInTransaction(options.client, options.schema, batch, options.logger)));
    batch = [];
  };
  try {
    for (const [index, migration] of pending.entries()) {
      if (!alone[index]) {
        batch.push(migration);
        continue;
      }
      await flush();
      await applyAlone(options.client, options.schema, migration, options.logger);
      applied.push(migration.name);
    }
    await flush();
  } catch (error) {
    if (error instanceof TransactionFailure && error.migration) {
      // History is kept, as with `prisma migrate resolve --rolled-back`: the row says what failed and why.
      await recordRolledBack(options.client, options.schema, error.migration, `schema-init: rolled back: ${error.message}`).catch(() => undefined);
    }
    if (error instanceof TransactionFailure || error instanceof AloneFailure) throw describeFailure(error);
    throw error;
  }
  return { applied, plan: { ...plan, applied: [...plan.applied, ...applied], pending: [] }, history };
}
