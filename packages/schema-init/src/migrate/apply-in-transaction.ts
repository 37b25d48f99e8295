import { randomUUID } from "node:crypto";

import type { MigrationScript } from "@netraven/db-schema/core";
import type pg from "pg";

import type { Logger } from "../logger.js";
import { createHistoryTableSql, createSchemaSql, historyTable, literal, NOW_MS, PRISMA_LOCK_ID, PRISMA_LOCK_TIMEOUT } from "./history-table.js";

/** Where a transactional apply stopped: the migration (if any) and the error position inside its script. */
export class TransactionFailure extends Error {
  override readonly name = "TransactionFailure";
  constructor(
    /** The migration whose message failed; undefined when the prologue or COMMIT failed. */
    readonly migration: MigrationScript | undefined,
    /** 1-based position inside the migration's script, when PostgreSQL gave one inside it. */
    readonly position: number | undefined,
    /** The migrations the rollback took back (this one and those before it in the transaction). */
    readonly rolledBack: string[],
    readonly step: "prologue" | "migration" | "commit",
    options: { cause: unknown },
  ) {
    super((options.cause as Error).message, options);
  }
}

/**
 * One message per migration: its history row, its script and the row's
 * finished mark. Sent as a simple query, it runs inside the transaction the
 * prologue opened, so the script and its row commit together or not at all.
 * The row goes first, as `prisma migrate deploy` writes it (started, then
 * finished), but nobody outside can see the unfinished row.
 */
function migrationMessage(table: string, migration: MigrationScript): { text: string; scriptOffset: number } {
  const id = randomUUID();
  const head = `INSERT INTO ${table} (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('${id}', '${migration.checksum}', ${literal(migration.name)}, ${NOW_MS}, 0);\n`;
  // "\n;" ends a last statement without a semicolon, or a trailing line comment.
  const tail = `\n;\nUPDATE ${table} SET finished_at = ${NOW_MS}, applied_steps_count = 1 WHERE id = '${id}';`;
  return { text: `${head}${migration.sql}${tail}`, scriptOffset: head.length };
}

/**
 * Applies `migrations` in ONE explicit transaction on `client`, which holds
 * the schema lock. Why one transaction for all pending migrations (rather
 * than one each): a run is all or nothing, so there is never a half-migrated
 * database to reason about; and DDL commits are expensive (about 1.5 ms each
 * here, so 300 migrations would pay 0.4 s in commits alone).
 *
 * Why it is crash-safe at every instant: the server only ever waits for us
 * between messages, and there the transaction is open and uncommitted. If we
 * die there, the server reads end-of-file and rolls everything back. If we
 * die while a message runs, the server finishes that message (it does not
 * notice a dead client mid-statement), then reads end-of-file and rolls back.
 * Only the last message, COMMIT, makes anything visible, and it carries the
 * scripts and their history rows together.
 */
export async function applyInTransaction(client: pg.ClientBase, schema: string, migrations: MigrationScript[], logger: Logger): Promise<string[]> {
  const table = historyTable(schema);
  const done: string[] = [];
  let step: TransactionFailure["step"] = "prologue";
  let current: { migration: MigrationScript; scriptOffset: number } | undefined;
  try {
    // Prisma's lock, transaction-scoped: `prisma migrate deploy` waits for us, and we for it.
    await client.query(
      `BEGIN;\nSET LOCAL lock_timeout = '${PRISMA_LOCK_TIMEOUT}';\nSELECT pg_advisory_xact_lock(${PRISMA_LOCK_ID});\nSET LOCAL lock_timeout TO DEFAULT;\n${createSchemaSql(schema)}${createHistoryTableSql(schema)};`,
    );
    step = "migration";
    for (const migration of migrations) {
      const message = migrationMessage(table, migration);
      current = { migration, scriptOffset: message.scriptOffset };
      await client.query(message.text);
      done.push(migration.name);
    }
    step = "commit";
    current = undefined;
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    const rolledBack = current ? [...done, current.migration.name] : done;
    const raw = Number((error as { position?: string }).position);
    const position = current && raw > current.scriptOffset && raw <= current.scriptOffset + current.migration.sql.length ? raw - current.scriptOffset : undefined;
    throw new TransactionFailure(current?.migration, position, rolledBack, step, { cause: error });
  }
  for (const name of done) logger.info("Applied migration", { migration: name });
  return done;
}
