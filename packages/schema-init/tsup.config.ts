import { nodePackage } from "@netraven/tsconfig/tsup";
import { defineConfig } from "tsup";

export default defineConfig({
  ...nodePackage,
  entry: { index: "src/index.ts", cli: "src/cli.ts" },
  dts: { entry: { index: "src/index.ts" } },
  // zod and commander are bundled: loading their ~150 ESM files one by one
  // cost ~100 ms of every container start (measured by `pnpm bench`).
  noExternal: ["zod", "commander"],
  // commander is CommonJS and requires Node built-ins; give the ESM bundle a require.
  banner: { js: 'import { createRequire as __nrCreateRequire } from "node:module"; const require = __nrCreateRequire(import.meta.url);' },
});
