export type { InitializeSchemaOptions, InitReport } from "./initialize-schema.js";
export { initializeSchema } from "./initialize-schema.js";
export type { ValidateSchemaOptions } from "./validate/validate-schema.js";
export { validateSchema } from "./validate/validate-schema.js";
export type { ProblemKind, SchemaProblem, ValidationReport } from "./validate/types.js";
export type { SeedReport } from "./seed/seed-defaults.js";
export { DEFAULT_SETTINGS, DEFAULT_TAG } from "./seed/default-settings.js";
export type { DefaultSetting } from "./seed/default-settings.js";
export type { MigrationPlan } from "./migrate/plan-migrations.js";
export { planMigrations } from "./migrate/plan-migrations.js";
export type { WaitForPostgresOptions } from "./wait/wait-for-postgres.js";
export { waitForPostgres } from "./wait/wait-for-postgres.js";
export { acquireSchemaLock, findLockHolder, SCHEMA_INIT_LOCK_ID } from "./lock/schema-lock.js";
export type { LockHolder, SchemaLock } from "./lock/schema-lock.js";
export type { Logger, LoggerOptions } from "./logger.js";
export { createLogger } from "./logger.js";
export { EXIT_CODES } from "./cli/exit-codes.js";
export type { SchemaInitErrorCode } from "./errors.js";
export {
  ConfigError,
  DatabaseAccessError,
  DatabaseUnreachableError,
  isSchemaInitError,
  LockTimeoutError,
  MigrationBlockedError,
  MigrationEditedError,
  MigrationFailedError,
  MigrationsAheadError,
  SchemaDriftError,
  SchemaInitError,
  SeedFailedError,
  UsageError,
} from "./errors.js";
export type { Config } from "./config.js";
export { ConfigSchema, loadConfig } from "./config.js";
