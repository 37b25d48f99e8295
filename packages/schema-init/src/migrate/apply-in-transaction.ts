import { randomUUID } from "node:crypto";

import type { MigrationScript } from "@netraven/db-schema/core";
import pg from "pg";

import type { Logger } from "@netraven/runtime";
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
 * We never leave our transaction idle longer than it takes to send the next
 * message. If we are gone without a FIN, this ends the orphaned transaction
 * (and releases its locks) after a minute instead of hours; at worst a
 * process stalled that long sees its transaction rolled back and exits 69.
 */
const IDLE_IN_TRANSACTION_TIMEOUT = "60s";

/** Column name of the row each history insert returns: it tells which migration a message had reached. */
const STARTED = "schema-init:started";

/** Migrations sent in one message, up to about this many bytes of SQL. */
const BATCH_BYTES = 256 * 1024;

/**
 * A migration's part of a message: its history row, its script and the row's
 * finished mark, as `prisma migrate deploy` writes them (started, then
 * finished), but inside our transaction, so nobody outside sees the
 * unfinished row. The insert returns the migration's name, so when a later
 * statement fails we know whose it was.
 */
function migrationSql(table: string, migration: MigrationScript): { head: string; text: string } {
  const id = randomUUID();
  const head = `INSERT INTO ${table} (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('${id}', '${migration.checksum}', ${literal(migration.name)}, ${NOW_MS}, 0) RETURNING migration_name AS "${STARTED}";\n`;
  // "\n;" ends a last statement without a semicolon, or a trailing line comment.
  return { head, text: `${head}${migration.sql}\n;\nUPDATE ${table} SET finished_at = ${NOW_MS}, applied_steps_count = 1 WHERE id = '${id}';\n` };
}

/** Consecutive migrations packed into messages of about {@link BATCH_BYTES}, with where each script starts. */
function toMessages(table: string, migrations: MigrationScript[]): { text: string; parts: { migration: MigrationScript; scriptOffset: number }[] }[] {
  const messages: { text: string; parts: { migration: MigrationScript; scriptOffset: number }[] }[] = [];
  let current = { text: "", parts: [] as { migration: MigrationScript; scriptOffset: number }[] };
  for (const migration of migrations) {
    const { head, text } = migrationSql(table, migration);
    if (current.parts.length && current.text.length + text.length > BATCH_BYTES) {
      messages.push(current);
      current = { text: "", parts: [] };
    }
    current.parts.push({ migration, scriptOffset: current.text.length + head.length });
    current.text += text;
  }
  if (current.parts.length) messages.push(current);
  return messages;
}

/** Runs one simple-query message, reporting the name each history insert returns as it arrives. */
function runMessage(client: pg.ClientBase, text: string, onStarted: (name: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const query = new pg.Query(text);
    query.on("row", (row: Record<string, unknown>) => {
      const name = row[STARTED];
      if (typeof name === "string") onStarted(name);
    });
    query.on("end", () => resolve());
    query.on("error", reject);
    void client.query(query);
  });
}

/**
 * Applies `migrations` in ONE explicit transaction on `client`, which holds
 * the schema lock, sending many migrations per message (psql sends one
 * message per statement; node-pg-migrate one per migration). Why one transaction for all pending migrations (rather
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
  // The migration the server is in: the last whose history insert answered.
  let current: { migration: MigrationScript; scriptOffset: number } | undefined;
  let sent: { migration: MigrationScript; scriptOffset: number }[] = [];
  try {
    // Prisma's lock, transaction-scoped: `prisma migrate deploy` waits for us, and we for it.
    await client.query(
      `BEGIN;\nSET LOCAL idle_in_transaction_session_timeout = '${IDLE_IN_TRANSACTION_TIMEOUT}';\nSET LOCAL lock_timeout = '${PRISMA_LOCK_TIMEOUT}';\nSELECT pg_advisory_xact_lock(${PRISMA_LOCK_ID});\nSET LOCAL lock_timeout TO DEFAULT;\n${createSchemaSql(schema)}${createHistoryTableSql(schema)};`,
    );
    step = "migration";
    for (const message of toMessages(table, migrations)) {
      const started = new Map(message.parts.map((p) => [p.migration.name, p]));
      sent = message.parts;
      await runMessage(client, message.text, (name) => {
        if (current) done.push(current.migration.name);
        current = started.get(name);
      });
      if (current) done.push(current.migration.name);
      current = undefined;
    }
    step = "commit";
    current = undefined;
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    // A position points into the message: the part it falls in failed (a syntax error stops the whole
    // message before any statement runs, so no insert answered). Without one, the last insert that answered.
    const raw = Number((error as { position?: string }).position);
    const at = raw > 0 ? sent.findLast((p) => p.scriptOffset < raw) : undefined;
    const failing = step === "migration" ? (at ?? current) : undefined;
    const inScript = failing && raw > failing.scriptOffset && raw <= failing.scriptOffset + failing.migration.sql.length;
    const position = inScript ? raw - failing.scriptOffset : undefined;
    const rolledBack = [...done.filter((n) => n !== failing?.migration.name), ...(failing ? [failing.migration.name] : [])];
    throw new TransactionFailure(failing?.migration, position, rolledBack, step, { cause: error });
  }
  for (const name of done) logger.info("Applied migration", { migration: name });
  return done;
}
