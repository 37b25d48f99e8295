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
export { WAIT_SETTING, waitForPostgres } from "./wait/wait-for-postgres.js";
export { acquireSchemaLock, findLockHolder, SCHEMA_INIT_LOCK_ID } from "./lock/schema-lock.js";
export type { LockHolder, SchemaLock } from "./lock/schema-lock.js";
export { SCHEMA_INIT_EXIT_CODE_ROWS, SCHEMA_INIT_EXIT_CODES } from "./exit-codes.js";
export type { SchemaInitErrorCode } from "./errors.js";
export {
  ConfigError,
  DatabaseAccessDeniedError,
  DatabaseNotFoundError,
  DatabaseUnreachableError,
  InterruptedError,
  isNetravenError,
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
