export type { CreateDbClientOptions, DbClient, DbPoolOptions, PrismaTransaction } from "./client/create-db-client.js";
export { createDbClient } from "./client/create-db-client.js";
export { manifestPath, migrationsDir, packageRoot, schemaPath } from "./paths.js";
export { hashPassword, verifyPassword } from "./password-hash.js";
export { REDACTED, redactConnectionString, redactSecrets } from "./redact.js";
export type {
  ColumnSpec,
  ForeignKeySpec,
  IndexSpec,
  PrimaryKeySpec,
  ReferentialAction,
  SchemaManifest,
  TableSpec,
} from "./manifest/types.js";
export type { Queryable } from "./manifest/introspect.js";
export { introspectSchema, quoteIdent, TOOLING_TABLES } from "./manifest/introspect.js";
export { loadSchemaManifest, serializeManifest } from "./manifest/load-manifest.js";
export * from "./generated/prisma/client.js";
