import { nodePackage } from "@netraven/tsconfig/tsup";
import { defineConfig } from "tsup";

export default defineConfig({
  ...nodePackage,
  entry: {
    index: "src/index.ts",
    "password/index": "src/password/index.ts",
    "embedded-postgres/index": "src/embedded-postgres/index.ts",
    "pg/index": "src/pg/index.ts",
  },
  dts: true,
});
