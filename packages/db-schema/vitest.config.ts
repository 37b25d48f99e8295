import { packageConfig } from "@netraven/vitest-config";

export default packageConfig({ integration: true, globalSetup: ["./src/testing/global-setup.ts"] });
