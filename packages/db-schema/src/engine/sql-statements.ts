/** One statement of a SQL script with its position. */
export interface SqlStatement {
  /** Statement text without the trailing semicolon. */
  text: string;
  /** 0-based offset of the statement's first character in the script. */
  start: number;
  /** 0-based offset just past the statement (before its semicolon). */
  end: number;
}

/**
 * Splits a PostgreSQL script into statements, honouring quotes, comments and
 * dollar-quoted bodies (a naive split on ";" breaks on those). Used to point
 * at the failing statement and to spot transaction control in a migration.
 */
export function splitStatements(sql: string): SqlStatement[] {
  const out: SqlStatement[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const raw = sql.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text && !isOnlyComments(text)) out.push({ text, start: start + lead, end: start + lead + text.length });
  };
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === "-" && next === "-") {
      i = indexOrEnd(sql, "\n", i);
    } else if (ch === "/" && next === "*") {
      i = indexOrEnd(sql, "*/", i + 2) + 2;
    } else if (ch === "'" || ch === '"') {
      i = skipQuoted(sql, i, ch);
    } else if (ch === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      i = tag ? indexOrEnd(sql, tag, i + tag.length) + tag.length : i + 1;
    } else if (ch === ";") {
      push(i);
      start = i + 1;
      i++;
    } else {
      i++;
    }
  }
  push(sql.length);
  return out;
}

function indexOrEnd(sql: string, needle: string, from: number): number {
  const at = sql.indexOf(needle, from);
  return at === -1 ? sql.length : at;
}

function skipQuoted(sql: string, from: number, quote: string): number {
  let i = from + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return i;
}

function isOnlyComments(text: string): boolean {
  return text.split("\n").every((line) => line.trim() === "" || line.trim().startsWith("--"));
}

/** Statements that commit or end a transaction: a script holding them may fail half-applied. */
export function hasTransactionControl(sql: string): boolean {
  return splitStatements(sql).some((s) => /^(BEGIN|COMMIT|ROLLBACK|END|START\s+TRANSACTION|SAVEPOINT|RELEASE)\b/i.test(stripLeadingComments(s.text)));
}

function stripLeadingComments(text: string): string {
  return text.replace(/^(\s*--[^\n]*\n)+/, "").trimStart();
}

/** Line, column and a caret excerpt for a 1-based character position reported by PostgreSQL. */
export function locate(sql: string, position: number): { statement: string; line: number; column: number; excerpt: string } {
  const offset = Math.max(0, Math.min(sql.length, position - 1));
  const statement = splitStatements(sql).find((s) => offset >= s.start && offset <= s.end + 1);
  const before = sql.slice(0, offset);
  const line = before.split("\n").length;
  const lineStart = before.lastIndexOf("\n") + 1;
  const column = offset - lineStart + 1;
  const lineText = sql.slice(lineStart, indexOrEnd(sql, "\n", lineStart));
  return {
    statement: statement ? stripLeadingComments(statement.text) : lineText.trim(),
    line,
    column,
    excerpt: `${lineText}\n${" ".repeat(column - 1)}^`,
  };
}
