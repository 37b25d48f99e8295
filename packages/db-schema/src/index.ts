export type { CreateDbClientOptions, DbClient, DbPoolOptions, PrismaTransaction } from "./client/create-db-client.js";
export { createDbClient } from "./client/create-db-client.js";
export * from "./core.js";
export * from "./generated/prisma/client.js";
