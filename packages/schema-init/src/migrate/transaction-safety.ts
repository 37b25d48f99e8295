import type { SqlStatement } from "@netraven/db-schema/core";
import { splitStatements } from "@netraven/db-schema/core";

/** A statement that cannot run inside the transaction schema-init wraps a migration in. */
export interface NonTransactionalStatement {
  /** 1-based line of the statement's first character. */
  line: number;
  statement: string;
  reason: string;
}

const ENDS_TRANSACTION = "ends or starts a transaction itself, which would commit part of the migration on its own";
const NOT_IN_BLOCK = "cannot run inside a transaction block";

// Statement heads PostgreSQL refuses inside a transaction block (or that end
// ours). Whatever this list misses is still safe: PostgreSQL then rejects it
// with SQLSTATE 25001 and rolls the whole transaction back.
const RULES: [RegExp, string][] = [
  [/^ROLLBACK\s+(TO\b|PREPARED\b)/, ""],
  [/^(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|PREPARE\s+TRANSACTION)\b/, ENDS_TRANSACTION],
  [/^CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY\b/, NOT_IN_BLOCK],
  [/^DROP\s+INDEX\s+CONCURRENTLY\b/, NOT_IN_BLOCK],
  [/^REINDEX\b.*\bCONCURRENTLY\b/s, NOT_IN_BLOCK],
  [/^REINDEX\s+(\([^)]*\)\s*)?(SCHEMA|DATABASE|SYSTEM)\b/, NOT_IN_BLOCK],
  [/^VACUUM\b/, NOT_IN_BLOCK],
  [/^(CREATE|DROP)\s+(DATABASE|TABLESPACE|SUBSCRIPTION)\b/, NOT_IN_BLOCK],
  [/^ALTER\s+DATABASE\b.*\bSET\s+TABLESPACE\b/s, NOT_IN_BLOCK],
  [/^ALTER\s+SYSTEM\b/, NOT_IN_BLOCK],
  [/^ALTER\s+SUBSCRIPTION\b/, NOT_IN_BLOCK],
  [/^CLUSTER\s*$/, NOT_IN_BLOCK],
  [/^DISCARD\s+ALL\b/, NOT_IN_BLOCK],
];

// Every rule above needs one of these words somewhere in the script: a script
// without any (most migrations) is not split into statements at all.
const ANY_RULE_WORD = /\b(BEGIN|START|COMMIT|END|ROLLBACK|ABORT|PREPARE|CONCURRENTLY|REINDEX|VACUUM|DATABASE|TABLESPACE|SUBSCRIPTION|SYSTEM|CLUSTER|DISCARD)\b/i;

const stripLeadingComments = (text: string) => text.replace(/^(\s*--[^\n]*\n)+/, "").trimStart();

/**
 * Statements of a script, with SQL-standard function bodies (`BEGIN ATOMIC ...
 * END`) kept whole: the splitter cuts at their inner semicolons, and the inner
 * `END` must not read as a transaction's end.
 */
export function scriptStatements(sql: string): SqlStatement[] {
  const out: SqlStatement[] = [];
  let open: SqlStatement | undefined;
  for (const statement of splitStatements(sql)) {
    if (open) {
      open = { text: sql.slice(open.start, statement.end), start: open.start, end: statement.end };
      if (/^END$/i.test(stripLeadingComments(statement.text))) {
        out.push(open);
        open = undefined;
      }
    } else if (/\bBEGIN\s+ATOMIC\b/i.test(statement.text) && !/\bEND\s*$/i.test(statement.text)) {
      open = statement;
    } else {
      out.push(statement);
    }
  }
  if (open) out.push(open);
  return out;
}

/** 1-based line of a character offset. */
export function lineAt(sql: string, offset: number): number {
  let line = 1;
  for (let i = sql.indexOf("\n"); i !== -1 && i < offset; i = sql.indexOf("\n", i + 1)) line++;
  return line;
}

/** Statements of `sql` that cannot run inside a transaction, in order. */
export function findNonTransactional(sql: string): NonTransactionalStatement[] {
  const found: NonTransactionalStatement[] = [];
  if (!ANY_RULE_WORD.test(sql)) return found;
  for (const statement of scriptStatements(sql)) {
    const head = stripLeadingComments(statement.text).replace(/\s+/g, " ").toUpperCase();
    const rule = RULES.find(([pattern]) => pattern.test(head));
    if (rule?.[1]) found.push({ line: lineAt(sql, statement.start + statement.text.length - stripLeadingComments(statement.text).length), statement: stripLeadingComments(statement.text), reason: rule[1] });
  }
  return found;
}
