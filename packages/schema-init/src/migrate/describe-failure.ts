import { locate } from "@netraven/db-schema/core";

import { DatabaseUnreachableError, LockTimeoutError, MigrationFailedError } from "../errors.js";
import { AloneFailure } from "./apply-alone.js";
import { listed } from "./listed-names.js";
import { TransactionFailure } from "./apply-in-transaction.js";
import { NO_TRANSACTION_DIRECTIVE } from "./directive.js";

interface PgError {
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
}

/**
 * What to do about a failed migration, by SQLSTATE: a refused privilege or a
 * file missing on the server is not the migration's fault, and "fix the
 * migration" would send the operator the wrong way.
 */
function remedyFor(sqlState: string | undefined, name: string): string {
  if (sqlState === "42501") {
    return "The migration is fine: the role in DATABASE_URL lacks a privilege it needs. Grant it (schema-init's role needs CREATE on the database and ownership of the schema), then run schema-init again.";
  }
  if (sqlState === "58P01") {
    return "The migration is fine: the PostgreSQL server lacks a file it needs, usually an extension's (pg_trgm ships with PostgreSQL's contrib modules). Install it on the server, then run schema-init again.";
  }
  if (sqlState === "25001") {
    return `A statement of it cannot run inside a transaction: put \`${NO_TRANSACTION_DIRECTIVE}\` as the first line of ${name}/migration.sql (it then runs alone, outside a transaction), then run schema-init again.`;
  }
  return "Fix the migration and run schema-init again.";
}

/** Turns an applier failure into the error the operator reads: migration, SQLSTATE, line and caret, what was undone, what to do. */
export function describeFailure(failure: TransactionFailure | AloneFailure): MigrationFailedError | LockTimeoutError | DatabaseUnreachableError {
  const pgError = failure.cause as PgError;
  if (failure instanceof TransactionFailure && !pgError.code) {
    // No SQLSTATE: the connection itself broke (server restart, network). Nothing was committed; a retry is the fix.
    return new DatabaseUnreachableError(
      `Lost the connection to PostgreSQL while applying migrations (${pgError.message}). The transaction was not committed, so nothing of this run was applied: run schema-init again.`,
      { context: { migration: failure.migration?.name }, cause: failure },
    );
  }
  if (failure instanceof TransactionFailure && failure.step === "prologue" && pgError.code === "55P03") {
    return new LockTimeoutError(
      "Another tool holds Prisma's migration lock (pg_advisory_lock 72707369), e.g. a `prisma migrate deploy` in progress. Retry when it has finished.",
      { cause: failure },
    );
  }
  const migration = failure.migration;
  const name = migration?.name ?? "";
  const where = migration && failure.position ? locate(migration.sql, failure.position) : undefined;
  const alone = failure instanceof AloneFailure;
  const others = failure instanceof TransactionFailure ? failure.rolledBack.filter((n) => n !== name) : [];
  const undone = alone
    ? `It ran outside a transaction (${NO_TRANSACTION_DIRECTIVE}), so the statements before the failing one stay applied: ${failure.progress} Inspect the database, then run \`schema-init resolve --rolled-back ${name}\` or \`--applied ${name}\` (both check the database first).`
    : `PostgreSQL rolled back ${others.length ? `this run's ${others.length + 1} migrations (${listed([...others, name])}), which shared one transaction` : "the migration"}, so the database is as it was before the run. ${remedyFor(pgError.code, name)}`;
  const subject = migration ? `Migration ${name}` : failure instanceof TransactionFailure && failure.step === "commit" ? "Committing the migrations" : "Preparing the migrations";
  const lines = [
    `${subject} failed: ${pgError.message}${pgError.code ? ` (SQLSTATE ${pgError.code})` : ""}.`,
    where ? `At line ${where.line}, column ${where.column} of ${name}/migration.sql:\n${where.excerpt}` : "",
    pgError.detail ? `Detail: ${pgError.detail}` : "",
    pgError.hint ? `Hint: ${pgError.hint}` : "",
    undone,
  ];
  return new MigrationFailedError(
    lines.filter(Boolean).join("\n"),
    { context: { migration: name || undefined, statement: where?.statement, line: where?.line, column: where?.column, pgCode: pgError.code, pgMessage: pgError.message, rolledBack: !alone }, cause: failure },
  );
}
