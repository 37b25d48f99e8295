import { fileURLToPath } from "node:url";
import { packageConfig } from "@netraven/vitest-config";

export default packageConfig({
  integration: true,
  globalSetup: [fileURLToPath(import.meta.resolve("@netraven/db-schema/testing/global-setup"))],
});
