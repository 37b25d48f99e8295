import type { SchemaInitErrorCode } from "../errors.js";

/**
 * The one exit-code table of the schema-init CLI (also printed by --help and
 * in docs/schema-initialization.md). Retryable failures (69, 75) are separate
 * from deterministic ones, so an orchestrator can tell "try again" from
 * "a person must act".
 */
export const EXIT_CODES = {
  OK: 0,
  INTERNAL: 1,
  PENDING: 10,
  USAGE: 64,
  SCHEMA_DRIFT: 65,
  DB_UNREACHABLE: 69,
  LOCK_TIMEOUT: 75,
  DB_ACCESS_DENIED: 77,
  CONFIG_INVALID: 78,
  MIGRATION_FAILED: 80,
  MIGRATION_EDITED: 81,
  MIGRATION_BLOCKED: 82,
  MIGRATIONS_AHEAD: 83,
  SEED_FAILED: 84,
  INTERRUPTED: 130,
} as const satisfies Record<SchemaInitErrorCode | "OK" | "INTERNAL" | "PENDING" | "INTERRUPTED", number>;

const MEANINGS: Record<keyof typeof EXIT_CODES, string> = {
  OK: "success (up: schema migrated, valid and seeded; status/validate: nothing to do)",
  INTERNAL: "unexpected internal error (a bug: please report it)",
  PENDING: "status/validate: migrations are pending",
  USAGE: "usage error: unknown command or flag, missing argument",
  SCHEMA_DRIFT: "the database differs from the schema (validation or drift); repair SQL is printed",
  DB_UNREACHABLE: "PostgreSQL did not accept connections before --wait-timeout (retry)",
  LOCK_TIMEOUT: "another run held the schema lock past --lock-timeout (retry)",
  DB_ACCESS_DENIED: "connection refused for good: wrong password, unknown role, TLS, missing privilege",
  CONFIG_INVALID: "invalid configuration (environment or flags)",
  MIGRATION_FAILED: "a migration failed; PostgreSQL rolled it back unless it said otherwise",
  MIGRATION_EDITED: "an applied migration was edited",
  MIGRATION_BLOCKED: "a failed migration from an earlier run needs `schema-init resolve`",
  MIGRATIONS_AHEAD: "the database has migrations this build does not know (it is newer)",
  SEED_FAILED: "seeding defaults failed",
  INTERRUPTED: "interrupted by SIGINT/SIGTERM",
};

/** The exit-code table as text for --help. */
export function exitCodeHelp(): string {
  const rows = Object.entries(EXIT_CODES).map(([name, code]) => `  ${String(code).padStart(3)}  ${name.padEnd(18)} ${MEANINGS[name as keyof typeof EXIT_CODES]}`);
  return `Exit codes:\n${rows.join("\n")}`;
}
