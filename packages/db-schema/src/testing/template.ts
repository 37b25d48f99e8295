import { openSchemaEngine } from "../engine/schema-engine.js";
import { readMigrations } from "../engine/migrations-dir.js";
import { migrationsDir, schemaPath } from "../paths.js";
import { ident, runAdmin, withDatabase } from "./admin.js";

/** Name of the database every per-file "migrated" test database is cloned from. */
export const TEMPLATE_DATABASE = "netraven_test_template";

/**
 * Creates the template database and applies the committed migrations to it
 * with the wasm engine (the same path schema-init takes). Its connections are
 * closed afterwards: CREATE DATABASE ... TEMPLATE needs the template idle.
 */
export async function createTemplateDatabase(adminUrl: string, name = TEMPLATE_DATABASE): Promise<string> {
  await runAdmin(adminUrl, [`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`, `CREATE DATABASE ${ident(name)}`]);
  const url = withDatabase(adminUrl, name);
  const engine = await openSchemaEngine({ url, schemaPath });
  try {
    await engine.applyMigrations(migrationsDir, await readMigrations(migrationsDir));
  } finally {
    // Ends the engine's pool too: a template must have no open sessions.
    await engine.close();
  }
  return name;
}
