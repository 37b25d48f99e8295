export type { CreateTestDatabaseOptions, TestDatabase } from "./test-database.js";
export { createTestDatabase, useTestDatabase } from "./test-database.js";
export type { StartTestServerOptions, TestServer, TestServerKind } from "./test-server.js";
export { startTestServer } from "./test-server.js";
export { ident, runAdmin, withDatabase } from "./admin.js";
export * from "./factories.js";
export type { NetravenTestContext } from "./provided-context.js";
