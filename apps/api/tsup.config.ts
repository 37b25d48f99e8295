import { nodePackage } from "@netraven/tsconfig/tsup";
import { defineConfig } from "tsup";

export default defineConfig({
  // nodePackage keeps dependencies in node_modules: pino's transports and the embedded
  // PostgreSQL binaries resolve files relative to their own packages.
  ...nodePackage,
  entry: {
    index: "src/index.ts",
    start: "src/start.ts",
  },
  dts: { entry: { index: "src/index.ts" } },
});
