// Runs `prisma generate` without the native schema engine.
// The Prisma CLI insists on locating (or downloading from the internet) a
// native schema-engine binary even though `generate` never executes it. In
// air-gapped builds that download fails, so we point the CLI at any existing
// file; migrations use @prisma/schema-engine-wasm instead (src/engine).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const result = spawnSync(process.execPath, [cli, "generate", ...process.argv.slice(2)], { stdio: "inherit", env });
process.exitCode = result.status ?? 1;
