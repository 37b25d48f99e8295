import { randomUUID } from "node:crypto";

import type { MigrationScript } from "@netraven/db-schema/core";
import type pg from "pg";

import { LockTimeoutError } from "../errors.js";
import type { Logger } from "@netraven/runtime";
import { NO_TRANSACTION_DIRECTIVE } from "./directive.js";
import { createHistoryTableSql, createSchemaSql, historyTable, literal, NOW_MS, PRISMA_LOCK_ID, PRISMA_LOCK_TIMEOUT } from "./history-table.js";
import { lineAt, scriptStatements } from "./transaction-safety.js";

/** Prefix of every `logs` value schema-init writes for a no-transaction migration. */
export const ALONE_LOG_PREFIX = "schema-init: ran outside a transaction";

/** `logs` once such a migration finished. */
export const ALONE_APPLIED_LOG = `${ALONE_LOG_PREFIX} (${NO_TRANSACTION_DIRECTIVE}); applied.`;

/** Thrown when a statement of a no-transaction migration failed; earlier statements stay applied. */
export class AloneFailure extends Error {
  override readonly name = "AloneFailure";
  constructor(
    readonly migration: MigrationScript,
    /** 1-based position inside the script, when PostgreSQL gave one. */
    readonly position: number | undefined,
    /** What the history row now says. */
    readonly progress: string,
    options: { cause: unknown },
  ) {
    super((options.cause as Error).message, options);
  }
}

const progressLog = (index: number, total: number, line: number) =>
  `${ALONE_LOG_PREFIX} (${NO_TRANSACTION_DIRECTIVE}); statement ${index + 1} of ${total} (line ${line}) started; ${index === 0 ? "none before it" : index === 1 ? "statement 1 completed" : `statements 1-${index} completed`}; later ones not run.`;

/**
 * Runs a migration marked `-- schema-init: no-transaction` alone, one
 * statement per query (a multi-statement query would be an implicit
 * transaction, which CREATE INDEX CONCURRENTLY and VACUUM refuse). Here a kill
 * can leave it half done, so the history row says at every step which
 * statement started and which completed: `status`, the next `up` and
 * `resolve` read it from there.
 */
export async function applyAlone(client: pg.ClientBase, schema: string, migration: MigrationScript, logger: Logger): Promise<void> {
  const table = historyTable(schema);
  const statements = scriptStatements(migration.sql);
  const id = randomUUID();
  const lineOf = (i: number) => lineAt(migration.sql, statements[i]?.start ?? 0);
  await client.query(`${createSchemaSql(schema)}${createHistoryTableSql(schema)}`);
  // Session-scoped here (there is no transaction to tie it to); released below or with the session.
  try {
    await client.query(`SET lock_timeout = '${PRISMA_LOCK_TIMEOUT}'; SELECT pg_advisory_lock(${PRISMA_LOCK_ID}); SET lock_timeout TO DEFAULT;`);
  } catch (error) {
    await client.query("SET lock_timeout TO DEFAULT").catch(() => undefined);
    if ((error as { code?: string }).code !== "55P03") throw error;
    throw new LockTimeoutError("Another tool holds Prisma's migration lock (pg_advisory_lock 72707369), e.g. a `prisma migrate deploy` in progress. Retry when it has finished.", { cause: error });
  }
  try {
    await client.query(
      `INSERT INTO ${table} (id, checksum, migration_name, started_at, logs, applied_steps_count) VALUES ('${id}', '${migration.checksum}', ${literal(migration.name)}, ${NOW_MS}, ${literal(progressLog(0, statements.length, lineOf(0)))}, 0)`,
    );
    for (const [index, statement] of statements.entries()) {
      if (index > 0) await client.query(`UPDATE ${table} SET logs = ${literal(progressLog(index, statements.length, lineOf(index)))} WHERE id = '${id}'`);
      try {
        await client.query(statement.text);
      } catch (error) {
        // The script's own transaction, if it opened one, is aborted now; leave it so the row can be written.
        await client.query("ROLLBACK").catch(() => undefined);
        const progress = `${progressLog(index, statements.length, lineOf(index)).replace(" started;", ` failed: ${(error as Error).message};`)}`;
        await client.query(`UPDATE ${table} SET logs = ${literal(progress)} WHERE id = '${id}'`).catch(() => undefined);
        const raw = Number((error as { position?: string }).position);
        throw new AloneFailure(migration, raw > 0 ? statement.start + raw : undefined, progress, { cause: error });
      }
    }
    await client.query(`UPDATE ${table} SET finished_at = ${NOW_MS}, applied_steps_count = 1, logs = ${literal(ALONE_APPLIED_LOG)} WHERE id = '${id}'`);
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${PRISMA_LOCK_ID})`).catch(() => undefined);
  }
  logger.info("Applied migration", { migration: migration.name, transaction: false });
}
