import { fileURLToPath } from "node:url";

import { packageConfig } from "@netraven/vitest-config";

// The fault table runs the programs against a real PostgreSQL from the db-schema harness.
export default packageConfig({
  integration: true,
  globalSetup: [fileURLToPath(import.meta.resolve("@netraven/db-schema/testing/global-setup"))],
});
