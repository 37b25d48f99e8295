import { nodePackage } from "@netraven/tsconfig/tsup";
import { defineConfig } from "tsup";

export default defineConfig({
  // The wasm engine reads its .wasm next to its own JS: nodePackage keeps it (and every
  // dependency) external so the file layout survives bundling and pruning.
  ...nodePackage,
  entry: {
    index: "src/index.ts",
    core: "src/core.ts",
    "engine/index": "src/engine/index.ts",
    "engine/cli": "src/engine/cli.ts",
    "testing/index": "src/testing/index.ts",
    "testing/global-setup": "src/testing/global-setup.ts",
    "testing/seed-sample": "src/testing/seed-sample.ts",
  },
  dts: true,
});
