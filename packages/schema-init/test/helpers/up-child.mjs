// A real `up` in a child process that a test can SIGKILL at a chosen instant.
// It goes through the library entry (initializeSchema with migrationsDir), which
// every version of schema-init has, so the same crash test runs against old and
// new appliers alike.
import { createLogger } from "@netraven/runtime";

import { initializeSchema } from "../../dist/index.js";

try {
  await initializeSchema({
    databaseUrl: process.env.DATABASE_URL,
    migrationsDir: process.env.MIGRATIONS_DIR,
    seed: process.env.SEED === "1",
    adminPassword: "crash-admin-password",
    logger: createLogger({ format: "json" }),
  });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = typeof error?.exitCode === "number" ? error.exitCode : 1;
}
