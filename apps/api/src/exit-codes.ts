import { isApiError } from "./errors.js";

/** Exit codes of `node dist/start.js` (BSD sysexits, as in every NetRaven package). */
export const EXIT_CODES = {
  /** Stopped cleanly after SIGTERM/SIGINT. */
  OK: 0,
  /** Unexpected internal error (a bug), or the graceful shutdown overran its limit. */
  INTERNAL: 1,
  /** The database schema failed validation (schema-init). */
  DATA: 65,
  /** PostgreSQL (embedded or DATABASE_URL) could not be reached or started. */
  UNAVAILABLE: 69,
  /** The local state directory could not be created or written. */
  CANNOT_CREATE: 73,
  /** Temporary failure, retry: another schema-init holds the migration lock. */
  TEMPORARY: 75,
  /** Invalid or incomplete configuration (missing secrets in production, bad values, port in use). */
  CONFIG: 78,
} as const;

/** The table as printed in docs/api.md and on a failed start. */
export const EXIT_CODE_TABLE = [
  "0 stopped cleanly",
  "1 unexpected error, or shutdown exceeded NETRAVEN_SHUTDOWN_TIMEOUT_MS",
  "65 database schema invalid",
  "69 PostgreSQL unavailable",
  "73 state directory not writable",
  "75 schema-init lock held (retry)",
  "78 configuration error",
].join("\n");

/** Maps a start-up failure to its exit code; errors of schema-init carry their own. */
export function exitCodeFor(error: unknown): number {
  if (isApiError(error)) {
    if (error.code === "CONFIG_INVALID") return EXIT_CODES.CONFIG;
    if ("exitCode" in error && typeof error.exitCode === "number") return error.exitCode;
  }
  const exitCode = (error as { exitCode?: unknown } | null)?.exitCode;
  if (typeof exitCode === "number" && Number.isInteger(exitCode) && exitCode > 0) return exitCode;
  return EXIT_CODES.INTERNAL;
}
