import type { ExitCodeRow } from "@netraven/runtime";
import { EXIT_CODES, formatExitCodeTable } from "@netraven/runtime";

// The API's start entry uses the one table of every NetRaven program (the
// runtime's EXIT_CODES; each error carries its code, read with the runtime's
// exitCodeFor) plus the one row below that only a long-running server needs.
export { EXIT_CODES };

/** Exit codes only `node dist/start.js` uses. */
export const API_EXIT_CODES = {
  /** The graceful shutdown overran NETRAVEN_SHUTDOWN_TIMEOUT_MS. */
  SHUTDOWN_TIMEOUT: 80,
} as const;

/** The API's rows of the exit-code table (--help, docs/api.md). */
export const API_EXIT_CODE_ROWS: readonly ExitCodeRow[] = [
  {
    code: API_EXIT_CODES.SHUTDOWN_TIMEOUT,
    name: "SHUTDOWN_TIMEOUT",
    meaning: "graceful shutdown overran NETRAVEN_SHUTDOWN_TIMEOUT_MS; requests still in flight were cut off",
  },
];

/** The "Exit codes:" block of `node dist/start.js --help`. */
export function apiExitCodeTable(): string {
  return formatExitCodeTable(API_EXIT_CODE_ROWS);
}
