export type { MigrationScript } from "./migrations-dir.js";
export { checksumOf, MIGRATION_FILE, readMigrations } from "./migrations-dir.js";
export type { OpenedSchemaEngine, OpenSchemaEngineOptions } from "./schema-engine.js";
export { openSchemaEngine } from "./schema-engine.js";
export { loadSchemaEngine } from "./load-engine.js";
export { toPoolConfig } from "./migration-adapter.js";
