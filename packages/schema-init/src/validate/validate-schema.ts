import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

import type { MigrationScript, Queryable, SchemaManifest } from "@netraven/db-schema/core";
import { completeManifest, introspectSchema, manifestPath, migrationsDir } from "@netraven/db-schema/core";
import type pg from "pg";
import { openPgClient } from "@netraven/runtime/pg";

import { ConfigError } from "../errors.js";
import type { MigrationRow } from "../migrate/migration-history.js";
import { readMigrationHistory } from "../migrate/migration-history.js";
import type { MigrationPlan } from "../migrate/plan-migrations.js";
import { planMigrations } from "../migrate/plan-migrations.js";
import { readLocalMigrations } from "../migrate/local-migrations.js";
import { compareSchema } from "./compare-schema.js";
import { buildRepairSql } from "./repair-sql.js";
import type { ValidationReport } from "./types.js";
import type { CatalogState } from "./validated-marker.js";
import { catalogUnchangedSinceValidated, rememberValidated, setManifestDigest } from "./validated-marker.js";

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
 * table, column, key, index and trigger against the manifest. Read-only: it
 * only runs SELECTs on the catalog and `_prisma_migrations`.
 */
export async function validateSchema(options: ValidateSchemaOptions): Promise<ValidationReport> {
  const schema = options.schema ?? "public";
  const loaded = { manifest: options.manifest ?? (await readManifest()), migrations: options.migrations ?? (await readLocalMigrations(migrationsDir)) };
  if (options.client) return validateLoaded(options.client, schema, loaded);
  if (!options.databaseUrl) throw new TypeError("validateSchema needs databaseUrl or client");
  const client = await openPgClient({ connectionString: options.databaseUrl, application_name: "netraven-schema-init" });
  try {
    return await validateLoaded(client, schema, loaded);
  } finally {
    await client.end();
  }
}

// The manifest shipped with db-schema never changes while a process runs; the
// API validates on every readiness probe, so it is read and parsed once.
let shippedManifest: Promise<SchemaManifest> | undefined;

/** Reads a schema manifest; the shipped one (the default) once per process. */
export function readManifest(file: string = manifestPath): Promise<SchemaManifest> {
  const load = () => Promise.resolve().then(() => loadManifestFile(file));
  if (file !== manifestPath) return load();
  shippedManifest ??= load().catch((error: unknown) => {
    shippedManifest = undefined;
    throw error;
  });
  return shippedManifest;
}

// Like db-schema's loadSchemaManifest, and keeps the file's digest for the validated marker (hashing the bytes
// read costs far less than serialising the parsed manifest again).
function loadManifestFile(file: string): SchemaManifest {
  let text: string;
  try {
    // Synchronous: `up` reads it while its first queries run, and fs/promises would take four trips
    // through the thread pool (open, stat, read, close) that wait behind every socket event.
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`Cannot read the schema manifest ${file} (${(error as NodeJS.ErrnoException).code ?? "error"}): check --manifest / SCHEMA_INIT_MANIFEST.`, { context: { file }, cause: error });
  }
  let manifest: SchemaManifest;
  try {
    manifest = JSON.parse(text) as SchemaManifest;
  } catch (error) {
    // The parser's message quotes the file; it is not repeated (the path may be wrong and the file a secret).
    throw new ConfigError(`The schema manifest ${file} is not valid JSON: point --manifest at a schema-manifest.json, or regenerate it with \`pnpm --filter db-schema migration:new\`.`, { context: { file }, cause: error });
  }
  if (manifest.formatVersion !== 1 || !Array.isArray(manifest.tables)) {
    throw new ConfigError(`${file} is not a schema manifest of format 1: point --manifest at a schema-manifest.json.`, { context: { file } });
  }
  completeManifest(manifest);
  setManifestDigest(manifest, createHash("sha256").update(text).digest("hex"));
  return manifest;
}

/** What validation compares; `history` when the caller already read it on this session. */
export interface LoadedExpectations {
  manifest: SchemaManifest;
  migrations: MigrationScript[];
  history?: MigrationRow[] | null | undefined;
  /** The plan, when the caller knows it (it just applied everything pending under the lock): the history is then not read again. */
  plan?: MigrationPlan | undefined;
  /** The catalog's state, when the caller read it on this session after the last change (saves a round trip). */
  catalog?: CatalogState | undefined;
  /** Leave a marker when the catalog matches exactly (only `up`, under the schema lock, writes). */
  remember?: boolean;
}

/** {@link validateSchema} with manifest and migrations already loaded. */
export async function validateLoaded(db: Queryable, schema: string, loaded: LoadedExpectations): Promise<ValidationReport> {
  const { manifest, migrations } = loaded;
  const history = loaded.plan ? undefined : loaded.history !== undefined ? loaded.history : await readMigrationHistory(db as pg.ClientBase, schema);
  const plan = loaded.plan ?? planMigrations(migrations, history ?? null);
  // An unchanged catalog that matched this manifest last time is not compared again (a few ms instead of tens at 300 tables).
  const check = await catalogUnchangedSinceValidated(db, schema, manifest, loaded.catalog);
  const actual = check.unchanged ? undefined : await introspectSchema(db, schema);
  // No history and none of the schema's tables: `up` never ran here. Listing every table as missing, with
  // CREATE TABLE statements as "repair", would mislead (they would break the first migration).
  const schemaMissing = history === null && actual !== undefined && !hasAnyTableOf(manifest, actual);
  const problems = actual === undefined || schemaMissing ? [] : compareSchema(manifest.tables, actual);
  if (loaded.remember && !check.unchanged && problems.length === 0) await rememberValidated(db, schema, manifest, check.fingerprint);
  return {
    ok: !schemaMissing && plan.pending.length === 0 && plan.failed.length === 0 && plan.edited.length === 0 && !problems.some((p) => p.severity === "error"),
    schemaMissing,
    drift: problems.length > 0,
    expectedMigration: manifest.latestMigration,
    pendingMigrations: plan.pending,
    failedMigrations: plan.failed,
    problems,
    repairSql: buildRepairSql(problems, manifest.tables, schema, migrations),
  };
}

function hasAnyTableOf(manifest: SchemaManifest, actual: readonly { name: string }[]): boolean {
  const expected = new Set(manifest.tables.map((t) => t.name));
  return actual.some((t) => expected.has(t.name));
}
