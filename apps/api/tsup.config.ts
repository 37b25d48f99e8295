import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    start: "src/start.ts",
  },
  format: ["esm"],
  target: "node20",
  platform: "node",
  dts: { entry: { index: "src/index.ts" } },
  sourcemap: true,
  clean: true,
  splitting: true,
  // Dependencies stay in node_modules: pino's transports and the embedded
  // PostgreSQL binaries resolve files relative to their own packages.
  skipNodeModulesBundle: true,
});
