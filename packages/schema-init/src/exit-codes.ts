import type { ExitCodeRow } from "@netraven/runtime";

/**
 * schema-init's own exit codes, in the room the shared table leaves
 * (@netraven/runtime's EXIT_CODES: 10-19 status results, 80-99 a program's
 * own failures). Everything else (64 usage, 65 drift, 69 unreachable, 75
 * lock, 77 access, 78 config, 130 interrupted) is the shared table's.
 */
export const SCHEMA_INIT_EXIT_CODES = {
  /** status/validate/plan: migrations are pending, or the database has no schema yet. */
  PENDING: 10,
  MIGRATION_FAILED: 80,
  MIGRATION_EDITED: 81,
  MIGRATION_BLOCKED: 82,
  MIGRATIONS_AHEAD: 83,
  SEED_FAILED: 84,
} as const;

/** The rows `--help` and docs/schema-initialization.md add to the shared table. */
export const SCHEMA_INIT_EXIT_CODE_ROWS: readonly ExitCodeRow[] = [
  { code: SCHEMA_INIT_EXIT_CODES.PENDING, name: "PENDING", meaning: "status/validate/plan: migrations are pending, or the database has no schema yet (run `schema-init up`)" },
  { code: SCHEMA_INIT_EXIT_CODES.MIGRATION_FAILED, name: "MIGRATION_FAILED", meaning: "a migration failed (rolled back unless the message says otherwise), or was refused before anything ran" },
  { code: SCHEMA_INIT_EXIT_CODES.MIGRATION_EDITED, name: "MIGRATION_EDITED", meaning: "an applied migration was edited" },
  { code: SCHEMA_INIT_EXIT_CODES.MIGRATION_BLOCKED, name: "MIGRATION_BLOCKED", meaning: "a failed migration from an earlier run needs `schema-init resolve`, or resolve refused a claim the database contradicts" },
  { code: SCHEMA_INIT_EXIT_CODES.MIGRATIONS_AHEAD, name: "MIGRATIONS_AHEAD", meaning: "the database has migrations this build does not know (it is newer)" },
  { code: SCHEMA_INIT_EXIT_CODES.SEED_FAILED, name: "SEED_FAILED", meaning: "seeding defaults failed; nothing was seeded" },
];
