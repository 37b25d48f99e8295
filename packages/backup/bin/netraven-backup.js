#!/usr/bin/env node
// The package's bin. A committed launcher rather than dist/cli.js itself, so
// pnpm can link the bin at install time, before the first build creates dist/.
import("../dist/cli.js").catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli.js")) {
    console.error("netraven-backup is not built yet: run `pnpm --filter @netraven/backup build` (or `pnpm turbo run build`).");
    process.exit(70);
  }
  throw error;
});
