// Everything of db-schema that does not load the Prisma client: paths, the
// schema manifest, the migration files and their statement splitter, the
// run-history writers. Start-up sensitive tools (schema-init) import this
// subpath so they never pay for the ORM runtime. Redaction, password hashing
// and the embedded-PostgreSQL launcher live in @netraven/runtime.
export { manifestPath, migrationsDir, packageRoot, schemaPath } from "./paths.js";
export type {
  ColumnSpec,
  ForeignKeySpec,
  IndexSpec,
  PrimaryKeySpec,
  ReferentialAction,
  SchemaManifest,
  TableSpec,
  TriggerSpec,
} from "./manifest/types.js";
export type { Queryable } from "./manifest/introspect.js";
export { introspectSchema, quoteIdent, TOOLING_TABLES } from "./manifest/introspect.js";
export { completeManifest, loadSchemaManifest, serializeManifest } from "./manifest/load-manifest.js";
export type { MigrationScript } from "./engine/migrations-dir.js";
export { checksumOf, LOCKFILE, MIGRATION_FILE, readMigrations } from "./engine/migrations-dir.js";
// The statement splitter has no dependencies: schema-init applies migrations
// itself and must not load the engine to find their statements.
export type { SqlStatement } from "./engine/sql-statements.js";
export { hasTransactionControl, locate, splitStatements } from "./engine/sql-statements.js";
// The run-history tables' writers (netraven-backup, schema-init) share these statements with the API's tests.
export type { BackupRunRecord, SchemaInitRunRecord } from "./run-history/record-runs.js";
export {
  BACKUP_RUNS_KEPT,
  RECORD_BACKUP_RUN_SQL,
  RECORD_SCHEMA_INIT_RUN_SQL,
  recordBackupRun,
  recordSchemaInitRun,
  SCHEMA_INIT_RUNS_KEPT,
} from "./run-history/record-runs.js";
// The user-change notifications the API's user cache listens to (migration 20261201193000_user_change_notify).
export { ALL_USERS_CHANGED, USER_CHANGE_CHANNEL, USER_CHANGE_TRIGGERS } from "./user-changes.js";
