import type { Queryable, SchemaManifest } from "@netraven/db-schema/core";
import { introspectSchema, loadSchemaManifest, migrationsDir } from "@netraven/db-schema/core";
import type { MigrationScript } from "@netraven/db-schema/core";
import pg from "pg";

import { readMigrationHistory } from "../migrate/migration-history.js";
import { planMigrations } from "../migrate/plan-migrations.js";
import { readLocalMigrations } from "../migrate/local-migrations.js";
import { compareSchema } from "./compare-schema.js";
import { buildRepairSql } from "./repair-sql.js";
import type { ValidationReport } from "./types.js";

/** Options for {@link validateSchema}. Give a `databaseUrl` or an open `client`. */
export interface ValidateSchemaOptions {
  /** Connection string; a connection is opened and closed for the check. */
  databaseUrl?: string;
  /** An open connection or pool owned by the caller (never closed here). */
  client?: Queryable;
  /** @default "public" */
  schema?: string;
  /** Expected state. @default the manifest shipped with @netraven/db-schema */
  manifest?: SchemaManifest;
  /** Committed migrations. @default those shipped with @netraven/db-schema */
  migrations?: MigrationScript[];
}

/**
 * Compares a database with the schema: pending or failed migrations, and every
 * table, column, key and index against the manifest. Read-only: it only runs
 * SELECTs on the catalog and `_prisma_migrations`.
 */
export async function validateSchema(options: ValidateSchemaOptions): Promise<ValidationReport> {
  const schema = options.schema ?? "public";
  if (options.client) return validateWith(options.client, schema, options);
  if (!options.databaseUrl) throw new TypeError("validateSchema needs databaseUrl or client");
  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: "netraven-schema-init" });
  await client.connect();
  try {
    return await validateWith(client, schema, options);
  } finally {
    await client.end();
  }
}

// The manifest shipped with db-schema never changes while a process runs; the
// API validates on every readiness probe, so it is read and parsed once.
let shippedManifest: Promise<SchemaManifest> | undefined;
function readShippedManifest(): Promise<SchemaManifest> {
  shippedManifest ??= loadSchemaManifest().catch((error: unknown) => {
    shippedManifest = undefined;
    throw error;
  });
  return shippedManifest;
}

async function validateWith(db: Queryable, schema: string, options: ValidateSchemaOptions): Promise<ValidationReport> {
  const manifest = options.manifest ?? (await readShippedManifest());
  const migrations = options.migrations ?? (await readLocalMigrations(migrationsDir));
  const plan = planMigrations(migrations, await readMigrationHistory(db as pg.ClientBase, schema));
  const problems = compareSchema(manifest.tables, await introspectSchema(db, schema));
  return {
    ok: plan.pending.length === 0 && plan.failed.length === 0 && plan.edited.length === 0 && !problems.some((p) => p.severity === "error"),
    drift: problems.length > 0,
    expectedMigration: manifest.latestMigration,
    pendingMigrations: plan.pending,
    failedMigrations: plan.failed,
    problems,
    repairSql: buildRepairSql(problems, manifest.tables, schema),
  };
}
