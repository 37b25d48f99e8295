export type { MigrationScript } from "./migrations-dir.js";
export { checksumOf, LOCKFILE, MIGRATION_FILE, readMigrations } from "./migrations-dir.js";
export type { OpenedSchemaEngine, OpenSchemaEngineOptions } from "./schema-engine.js";
export { MigrationApplyError, openSchemaEngine } from "./schema-engine.js";
export type { ScriptFailure } from "./migration-adapter.js";
export type { SqlStatement } from "./sql-statements.js";
export { hasTransactionControl, locate, splitStatements } from "./sql-statements.js";
export { loadSchemaEngine } from "./load-engine.js";
export { toPoolConfig } from "./migration-adapter.js";
