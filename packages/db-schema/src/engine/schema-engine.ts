import { readFile } from "node:fs/promises";
import path from "node:path";

import type { DiagnoseMigrationHistoryOutput, SchemaEngine } from "@prisma/schema-engine-wasm";

import { loadSchemaEngine } from "./load-engine.js";
import type { ScriptFailure } from "./migration-adapter.js";
import { createMigrationAdapter } from "./migration-adapter.js";
import type { MigrationScript } from "./migrations-dir.js";
import { toMigrationList } from "./migrations-dir.js";

/** Options for {@link openSchemaEngine}. */
export interface OpenSchemaEngineOptions {
  /** Connection string of the target database. */
  url: string;
  /** PostgreSQL schema of the tables. @default "public" */
  schema?: string;
  /** Path of `schema.prisma`; needed for diffs only. Applying without it skips parsing the schema. */
  schemaPath?: string;
  /** Engine log lines (JSON strings) are passed here; dropped when absent. */
  onLog?: (line: string) => void;
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** Thrown by `applyMigrations` when a migration script fails. */
export class MigrationApplyError extends Error {
  override readonly name = "MigrationApplyError";
  constructor(
    /** Directory name of the migration that failed. */
    readonly migrationName: string,
    /** PostgreSQL's report, with the script and error position. */
    readonly failure: ScriptFailure | undefined,
    /** Prisma error code when the engine gave one (e.g. P1002 lock timeout). */
    readonly engineCode: string | undefined,
    options: { cause: unknown },
  ) {
    super(failure?.message ?? (options.cause as Error).message, options);
  }
}

// The engine names the migration in its error trace: `migration_name="…"`.
function failedMigrationName(error: unknown): string {
  return /migration_name="([^"]+)"/.exec(String((error as Error).message))?.[1] ?? "";
}

/** A live wasm schema engine bound to one database. */
export interface OpenedSchemaEngine {
  /** Applies pending migrations as `prisma migrate deploy` does; returns the names applied. */
  applyMigrations(dir: string, scripts: MigrationScript[]): Promise<string[]>;
  /** Edited, failed and unapplied migrations, as `prisma migrate status` sees them. */
  diagnose(dir: string, scripts: MigrationScript[]): Promise<DiagnoseMigrationHistoryOutput>;
  /** SQL that takes a database built from `scripts` to `schema.prisma` ("" when in sync). Uses a shadow database. */
  diffMigrationsToSchema(dir: string, scripts: MigrationScript[]): Promise<string>;
  /** SQL that builds `schema.prisma` from nothing. */
  diffEmptyToSchema(): Promise<string>;
  /** Frees the engine and closes its connections. */
  close(): Promise<void>;
}

/** Starts the wasm schema engine against `url`. */
export async function openSchemaEngine(options: OpenSchemaEngineOptions): Promise<OpenedSchemaEngine> {
  const module = await loadSchemaEngine();
  const schemaFile = options.schemaPath ? { path: path.basename(options.schemaPath), content: await readFile(options.schemaPath, "utf8") } : undefined;
  const adapter = createMigrationAdapter({ url: options.url, ...(options.schema ? { schema: options.schema } : {}) });
  const onLog = options.onLog ?? (() => undefined);
  const engine: SchemaEngine = await module.SchemaEngine.new(
    { datamodels: schemaFile ? [[schemaFile.path, schemaFile.content]] : undefined },
    (line: unknown) => onLog(String(line)),
    adapter.factory,
  );
  const toSchema = () => {
    if (!schemaFile) throw new TypeError("openSchemaEngine: diffs need schemaPath");
    return { tag: "schemaDatamodel" as const, files: [schemaFile] };
  };

  return {
    async applyMigrations(dir, scripts) {
      const migrationsList = await toMigrationList(dir, scripts);
      try {
        const out = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
        return out.appliedMigrationNames;
      } catch (error) {
        const name = failedMigrationName(error);
        const failure = name ? adapter.lastScriptFailure() : undefined;
        throw new MigrationApplyError(name, failure, (error as { code?: string }).code, { cause: error });
      }
    },
    async diagnose(dir, scripts) {
      const migrationsList = await toMigrationList(dir, scripts);
      return engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTERS });
    },
    async diffMigrationsToSchema(dir, scripts) {
      const from = { tag: "migrations" as const, ...(await toMigrationList(dir, scripts)) };
      const out = await engine.diff({ from, to: toSchema(), script: true, exitCode: null, filters: NO_FILTERS });
      return normaliseScript(out.stdout ?? "");
    },
    async diffEmptyToSchema() {
      const out = await engine.diff({ from: { tag: "empty" }, to: toSchema(), script: true, exitCode: null, filters: NO_FILTERS });
      return normaliseScript(out.stdout ?? "");
    },
    async close() {
      engine.free();
      await adapter.close();
    },
  };
}

// The engine prints "-- This is an empty migration." for no changes.
function normaliseScript(sql: string): string {
  const trimmed = sql.trim();
  return trimmed === "" || /^-- This is an empty migration\.?$/.test(trimmed) ? "" : `${trimmed}\n`;
}
