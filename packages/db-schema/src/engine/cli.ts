#!/usr/bin/env node
// netraven-migration: author and check migrations with the wasm schema engine.
//   new <name>   write the next migration from schema.prisma changes, refresh the manifest
//   check        fail when schema.prisma, the migrations and the manifest disagree (CI)
import { redactSecrets } from "@netraven/runtime";

import { loadConfig } from "../config.js";
import { writeSchemaManifest } from "../manifest/load-manifest.js";
import { manifestPath, migrationsDir, schemaPath } from "../paths.js";
import { checkSchemaSync, writeMigration } from "./author.js";
import { createScratchDatabase } from "./scratch-database.js";

const USAGE = `Usage:
  netraven-migration new <name>   write prisma/migrations/<timestamp>_<name> from schema.prisma changes
  netraven-migration check        exit 1 when schema.prisma, migrations and manifest disagree

Uses TEST_DATABASE_URL as a scratch server if set, else testcontainers or an embedded PostgreSQL.
Exit codes: 0 ok, 1 out of sync (check), 64 usage error, 70 internal error.`;

const paths = { schemaPath, migrationsDir, manifestPath };
const config = loadConfig();

async function sync() {
  const scratch = await createScratchDatabase(config);
  try {
    return await checkSchemaSync(paths, scratch.url);
  } finally {
    await scratch.dispose();
  }
}

async function runNew(rawName: string | undefined): Promise<number> {
  const name = rawName?.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  if (!name) {
    console.error(`A migration name is required.\n\n${USAGE}`);
    return 64;
  }
  const before = await sync();
  if (before.pendingSql === "") {
    console.error("schema.prisma and the migrations already agree: no migration written.");
  } else {
    const dir = await writeMigration(migrationsDir, name, before.pendingSql);
    console.error(`Wrote prisma/migrations/${dir}/migration.sql:\n\n${before.pendingSql}`);
  }
  const after = before.pendingSql === "" ? before : await sync();
  await writeSchemaManifest(after.manifest);
  console.error(`Schema manifest refreshed (${after.manifest.tables.length} tables, latest ${after.manifest.latestMigration}).`);
  return 0;
}

async function runCheck(): Promise<number> {
  const report = await sync();
  let code = 0;
  if (report.pendingSql !== "") {
    console.error(`schema.prisma has changes that no migration covers:\n\n${report.pendingSql}\nRun: pnpm --filter db-schema migration:new <name>`);
    code = 1;
  }
  if (!report.manifestUpToDate) {
    console.error("prisma/schema-manifest.json does not match the migrations. Run: pnpm --filter db-schema migration:new <name> (it refreshes the manifest).");
    code = 1;
  }
  if (code === 0) console.error(`Schema, ${report.manifest.migrations.length} migration(s) and manifest agree.`);
  return code;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "new") return runNew(rest[0]);
  if (command === "check") return runCheck();
  if (command === "--help" || command === "-h") {
    console.log(USAGE);
    return 0;
  }
  console.error(`Unknown command ${JSON.stringify(command ?? "")}.\n\n${USAGE}`);
  return 64;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(redactSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error)));
    process.exitCode = 70;
  },
);
