import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    core: "src/core.ts",
    "engine/index": "src/engine/index.ts",
    "engine/cli": "src/engine/cli.ts",
    "embedded/index": "src/embedded/index.ts",
    "testing/index": "src/testing/index.ts",
    "testing/global-setup": "src/testing/global-setup.ts",
    "testing/seed-sample": "src/testing/seed-sample.ts",
  },
  format: ["esm"],
  target: "node20",
  platform: "node",
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  // The wasm engine reads its .wasm next to its own JS: keep it (and every
  // dependency) external so the file layout survives bundling and pruning.
  skipNodeModulesBundle: true,
});
