// The wasm schema engine. Migration files themselves (readMigrations,
// checksums) are in @netraven/db-schema/core, which does not load the engine.
export type { OpenedSchemaEngine, OpenSchemaEngineOptions } from "./schema-engine.js";
export { MigrationApplyError, openSchemaEngine } from "./schema-engine.js";
export type { ScriptFailure } from "./migration-adapter.js";
export type { SqlStatement } from "./sql-statements.js";
export { hasTransactionControl, locate, splitStatements } from "./sql-statements.js";
