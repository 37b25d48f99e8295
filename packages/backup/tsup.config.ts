import { nodePackage } from "@netraven/tsconfig/tsup";
import { defineConfig } from "tsup";

export default defineConfig({
  ...nodePackage,
  entry: { index: "src/index.ts", cli: "src/cli.ts" },
  dts: { entry: { index: "src/index.ts" } },
});
