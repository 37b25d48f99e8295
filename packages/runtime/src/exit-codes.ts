/**
 * The one exit-code table of every NetRaven program (BSD sysexits(3) where a
 * code exists). Retryable failures (69, 75) are apart from deterministic ones,
 * so an orchestrator can tell "try again" from "a person must act".
 * Programs add rows for their own command-specific codes (10-19 for status
 * results, 80-99 for their own failures) through {@link formatExitCodeTable}.
 */
export const EXIT_CODES = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 64,
  DATA: 65,
  NO_INPUT: 66,
  UNAVAILABLE: 69,
  SOFTWARE: 70,
  OS_FILE: 72,
  CANT_CREATE: 73,
  IO_ERROR: 74,
  TEMP_FAIL: 75,
  NO_PERM: 77,
  CONFIG: 78,
  INTERRUPTED: 130,
} as const;

/** Name of a shared exit code. */
export type ExitCodeName = keyof typeof EXIT_CODES;

/** One row of an exit-code table. */
export interface ExitCodeRow {
  code: number;
  /** Stable name (SCREAMING_SNAKE), for docs and code. */
  name: string;
  /** One line: what happened and, where useful, whether to retry. */
  meaning: string;
}

const MEANINGS: Record<ExitCodeName, string> = {
  OK: "success",
  INTERNAL: "unexpected internal error (a bug: please report it with the stack trace)",
  USAGE: "usage error: unknown command or flag, missing or extra argument",
  DATA: "data error: schema drift, verification failed, manifest invalid",
  NO_INPUT: "a named input does not exist: unknown database (not created), backup not found",
  UNAVAILABLE: "service unavailable: PostgreSQL unreachable past the wait deadline, a needed tool missing (retry)",
  SOFTWARE: "an external tool (pg_dump, pg_restore) failed; its message is shown",
  OS_FILE: "a needed file or directory is missing or unreadable",
  CANT_CREATE: "cannot create output: directory not writable, target not empty",
  IO_ERROR: "input/output error: disk full, write failed",
  TEMP_FAIL: "temporary failure: a lock is held by another run (retry)",
  NO_PERM: "permission denied: wrong password, unknown role, TLS refused, missing privilege (do not retry)",
  CONFIG: "configuration error: bad environment variable or flag, malformed DATABASE_URL",
  INTERRUPTED: "interrupted by SIGINT/SIGTERM",
};

/** The shared rows, as data: every program prints exactly these (tests compare docs and --help against them). */
export const SHARED_EXIT_CODE_ROWS: readonly ExitCodeRow[] = Object.freeze(
  (Object.keys(EXIT_CODES) as ExitCodeName[]).map((name) => Object.freeze({ code: EXIT_CODES[name], name, meaning: MEANINGS[name] })),
);

/** Shared rows plus a program's rows, sorted by code. Throws on a program row that reuses a shared code (a programming error). */
export function exitCodeRows(extraRows: readonly ExitCodeRow[] = []): ExitCodeRow[] {
  const taken = new Map(SHARED_EXIT_CODE_ROWS.map((row) => [row.code, row.name]));
  for (const row of extraRows) {
    const owner = taken.get(row.code);
    if (owner !== undefined) throw new TypeError(`exit code ${row.code} (${row.name}) is already ${owner}: pick a free code`);
    taken.set(row.code, row.name);
  }
  return [...SHARED_EXIT_CODE_ROWS, ...extraRows].sort((a, b) => a.code - b.code);
}

/** The "Exit codes:" block of --help: shared rows plus the program's, sorted by code. */
export function formatExitCodeTable(extraRows: readonly ExitCodeRow[] = []): string {
  const lines = exitCodeRows(extraRows).map((row) => `  ${String(row.code).padEnd(4)} ${row.meaning}`);
  return `Exit codes:\n${lines.join("\n")}`;
}

/** The same table as Markdown (`| Exit | Name | Meaning |`), for docs that must match --help. */
export function formatExitCodeMarkdown(extraRows: readonly ExitCodeRow[] = []): string {
  const lines = exitCodeRows(extraRows).map((row) => `| ${row.code} | \`${row.name}\` | ${row.meaning.replaceAll("|", "\\|")} |`);
  return ["| Exit | Name | Meaning |", "|---|---|---|", ...lines].join("\n");
}
