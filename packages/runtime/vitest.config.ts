import { fileURLToPath } from "node:url";

import { packageConfig } from "@netraven/vitest-config";

// The ground floor imports no other @netraven package, not even db-schema's
// test harness (db-schema will depend on this package: that would be a cycle).
// Integration tests get their server from test/helpers/global-setup.ts instead:
// TEST_DATABASE_URL when set, else this package's own embedded launcher.
export default packageConfig({
  integration: true,
  globalSetup: [fileURLToPath(new URL("./test/helpers/global-setup.ts", import.meta.url))],
});
