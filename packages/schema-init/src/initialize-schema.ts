import { migrationsDir as defaultMigrationsDir } from "@netraven/db-schema/core";
import type { Logger } from "@netraven/runtime";
import { createLogger } from "@netraven/runtime";

import { SchemaDriftError } from "./errors.js";
import type { RunOutcome } from "./history/record-run.js";
import { recordRun } from "./history/record-run.js";
import { acquireSchemaLock } from "./lock/schema-lock.js";
import { applyPending } from "./migrate/apply-pending.js";
import { planMigrations } from "./migrate/plan-migrations.js";
import { listMigrations, readLocalMigrations } from "./migrate/local-migrations.js";
import { readDatabaseState } from "./migrate/read-state.js";
import type { SeedReport } from "./seed/seed-defaults.js";
import { seedDefaults } from "./seed/seed-defaults.js";
import type { ValidationReport } from "./validate/types.js";
import { readManifest, validateLoaded } from "./validate/validate-schema.js";
import { waitForPostgres } from "./wait/wait-for-postgres.js";

/** Options for {@link initializeSchema}. */
export interface InitializeSchemaOptions {
  /** Direct connection string (advisory locks need a session, not a transaction pooler). */
  databaseUrl: string;
  /** Schema that holds the tables. @default "public" */
  schema?: string;
  /** Deadline for the database to accept connections. @default 60000 */
  waitTimeoutMs?: number;
  /** Deadline for another run's lock. @default 300000 */
  lockTimeoutMs?: number;
  /** "wait" for another run, or "fail" at once. @default "wait" */
  lockMode?: "wait" | "fail";
  /** Create a missing database when the role may. @default true */
  createDatabase?: boolean;
  /** Seed defaults after validation. @default true */
  seed?: boolean;
  /** @default "admin" */
  adminUsername?: string;
  /** @default "admin@netraven.local" */
  adminEmail?: string;
  /** First admin's password; else one is generated and returned once. */
  adminPassword?: string | undefined;
  /** Fail on extra objects too (hand-made indexes, columns), not only on missing or different ones. @default false */
  strict?: boolean;
  /** @default a text logger on stderr */
  logger?: Logger;
  /** Aborts waiting (SIGTERM). */
  signal?: AbortSignal;
  /** Migrations to apply. @default the ones shipped with @netraven/db-schema */
  migrationsDir?: string;
  /** Schema manifest the database is validated against. @default the one shipped with @netraven/db-schema */
  manifestPath?: string;
}

/** What one run did. */
export interface InitReport {
  durationMs: number;
  /** Milliseconds spent in each phase, for logs and benchmarks. */
  phasesMs: { wait: number; lock: number; migrate: number; validate: number; seed: number };
  migrationsApplied: string[];
  validation: ValidationReport;
  seed: SeedReport | null;
}

/**
 * Brings a PostgreSQL database to the NetRaven schema: wait for it, take the
 * schema lock on a dedicated session, apply pending migrations, validate the
 * catalog against the manifest, seed defaults, release. Idempotent and safe
 * to start from many replicas at once: one migrates, the others wait and
 * then find nothing to do.
 */
export async function initializeSchema(options: InitializeSchemaOptions): Promise<InitReport> {
  const startedAt = new Date();
  const started = startedAt.getTime();
  const logger = options.logger ?? createLogger();
  const schema = options.schema ?? "public";
  const dir = options.migrationsDir ?? defaultMigrationsDir;
  // Only the directory listing before connecting (a wrong --migrations-dir fails at once); the files are read below, while the server works.
  const names = listMigrations(dir);

  const client = await waitForPostgres({
    url: options.databaseUrl,
    logger,
    ...(options.waitTimeoutMs !== undefined ? { timeoutMs: options.waitTimeoutMs } : {}),
    ...(options.createDatabase !== undefined ? { createDatabase: options.createDatabase } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const phasesMs = { wait: Date.now() - started, lock: 0, migrate: 0, validate: 0, seed: 0 };
  const timed = async <T>(phase: keyof typeof phasesMs, fn: () => Promise<T>): Promise<T> => {
    const at = Date.now();
    try {
      return await fn();
    } finally {
      phasesMs[phase] = Date.now() - at;
    }
  };
  // What the run's row in schema_init_runs says, filled in as the run learns it.
  const outcome: RunOutcome = { startedAt, outcome: "failed", appliedMigrations: [], pendingCount: 0, validation: "skipped", findingCount: 0 };
  let pendingIfFailed = () => 0;
  try {
    if (schema !== "public") await client.query(`SET search_path TO "${schema}"`);
    // Held until the session closes below: the server frees a session's advisory locks before it closes the
    // socket, and client.end() waits for that close, so no unlock round trip is needed first.
    await timed("lock", () => acquireSchemaLock({
      client,
      logger,
      mode: options.lockMode ?? "wait",
      ...(options.lockTimeoutMs !== undefined ? { timeoutMs: options.lockTimeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    }));
    const { applied, plan, migrations, manifest, catalog } = await timed("migrate", async () => {
      const state = readDatabaseState(client, schema);
      state.catch(() => undefined); // awaited below; a failed file read must not leave it unhandled
      const migrations = await readLocalMigrations(dir, names);
      const manifest = await readManifest(options.manifestPath);
      const { history, catalog } = await state;
      // For the run's row if applying fails, computed only then (a failed transactional run applied nothing).
      pendingIfFailed = () => planMigrations(migrations, history).pending.length;
      return { ...(await applyPending({ schema, client, migrations, logger, history })), migrations, manifest, catalog };
    });
    Object.assign(outcome, { appliedMigrations: applied, pendingCount: plan.pending.length });
    // We hold the lock: the plan applyPending ends with (everything applied) is the history's, without reading it again;
    // the catalog read before migrating is still current when nothing was applied.
    const validation = await timed("validate", () => validateLoaded(client, schema, { manifest, migrations, plan, catalog: applied.length ? undefined : catalog, remember: true }));
    Object.assign(outcome, { validation: validationState(validation, options.strict ?? false), findingCount: validation.problems.length });
    assertValid(validation, options.strict ?? false, logger);
    const seed = options.seed === false ? null : await timed("seed", () => seedDefaults({ client, logger, adminPassword: options.adminPassword, ...pick(options) }));
    const report: InitReport = {
      durationMs: Date.now() - started,
      phasesMs,
      migrationsApplied: applied,
      validation,
      seed,
    };
    await recordRun(client, schema, logger, { ...outcome, outcome: "ok" });
    logger.info(applied.length ? "Schema initialised" : "Schema up to date", { applied: applied.length, durationMs: report.durationMs });
    return report;
  } catch (error) {
    if (outcome.appliedMigrations.length === 0) outcome.pendingCount = safely(pendingIfFailed);
    await recordRun(client, schema, logger, outcome, error);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function safely(count: () => number): number {
  try {
    return count();
  } catch {
    return 0;
  }
}

// "drift": extra objects only (warnings, the run goes on); "failed": what makes the run fail.
function validationState(validation: ValidationReport, strict: boolean): RunOutcome["validation"] {
  if (!validation.ok || (strict && validation.drift)) return "failed";
  return validation.drift ? "drift" : "ok";
}

function pick(options: InitializeSchemaOptions) {
  return {
    ...(options.adminUsername ? { adminUsername: options.adminUsername } : {}),
    ...(options.adminEmail ? { adminEmail: options.adminEmail } : {}),
  };
}

function assertValid(validation: ValidationReport, strict: boolean, logger: Logger): void {
  const errors = validation.problems.filter((p) => p.severity === "error" || strict);
  const warnings = validation.problems.filter((p) => !errors.includes(p));
  for (const p of warnings) logger.warn(`Schema drift: ${p.message}`, { kind: p.kind });
  if (errors.length === 0 && validation.ok) return;
  throw new SchemaDriftError(
    `The database does not match the schema after migrating:\n${errors.map((p) => `  - ${p.message}`).join("\n")}${validation.repairSql ? `\nSQL that would repair it (review first):\n${validation.repairSql}` : ""}`,
    { context: { problems: errors, repairSql: validation.repairSql } },
  );
}
