import { validateSchema } from "@netraven/schema-init";
import type pg from "pg";

/** Outcome of one check: "ok", or "failed" with a reason that never holds a connection string. */
export interface CheckResult {
  status: "ok" | "failed";
  reason?: string;
}

/** What /readyz reports. */
export interface ReadinessReport {
  ready: boolean;
  checks: { shutdown: CheckResult; database: CheckResult; schema: CheckResult };
}

/** Tracks whether the server should receive traffic. */
export interface Readiness {
  /** Fails readiness at once, for the rest of the process (graceful shutdown). */
  markShuttingDown(): void;
  check(): Promise<ReadinessReport>;
}

/** Options for {@link createReadiness}. */
export interface ReadinessOptions {
  pool: pg.Pool;
  schema: string;
  /** How long a schema validation result is reused. */
  cacheMs: number;
  clock: () => Date;
  /** A database that does not answer SELECT 1 within this is "failed". @default 1000 */
  databaseTimeoutMs?: number;
}

const SKIPPED: CheckResult = { status: "failed", reason: "skipped" };

/**
 * Readiness = not shutting down, `SELECT 1` answers, and schema-init's
 * validation passes with nothing pending. Validation reads the catalog, so
 * its result is cached for `cacheMs` and shared by concurrent probes.
 */
export function createReadiness(options: ReadinessOptions): Readiness {
  let shuttingDown = false;
  let cached: { at: number; result: CheckResult } | undefined;
  let inFlight: Promise<CheckResult> | undefined;

  async function checkSchema(): Promise<CheckResult> {
    const now = options.clock().getTime();
    if (cached && now - cached.at < options.cacheMs) return cached.result;
    inFlight ??= runSchemaValidation(options).finally(() => {
      inFlight = undefined;
    });
    const result = await inFlight;
    cached = { at: now, result };
    return result;
  }

  return {
    markShuttingDown() {
      shuttingDown = true;
    },
    async check() {
      if (shuttingDown) {
        return { ready: false, checks: { shutdown: { status: "failed", reason: "shutting down" }, database: SKIPPED, schema: SKIPPED } };
      }
      const database = await pingDatabase(options.pool, options.databaseTimeoutMs ?? 1000);
      const schema = database.status === "ok" ? await checkSchema() : SKIPPED;
      return { ready: database.status === "ok" && schema.status === "ok", checks: { shutdown: { status: "ok" }, database, schema } };
    },
  };
}

async function pingDatabase(pool: pg.Pool, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ status: "failed", reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const ping = pool.query("SELECT 1").then(
    (): CheckResult => ({ status: "ok" }),
    (): CheckResult => ({ status: "failed", reason: "SELECT 1 failed" }),
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runSchemaValidation(options: ReadinessOptions): Promise<CheckResult> {
  try {
    const report = await validateSchema({ client: options.pool, schema: options.schema });
    if (report.ok) return { status: "ok" };
    const parts = [
      report.pendingMigrations.length > 0 ? `${report.pendingMigrations.length} pending migration(s)` : "",
      report.failedMigrations.length > 0 ? `${report.failedMigrations.length} failed migration(s)` : "",
      report.problems.length > 0 ? `${report.problems.length} schema problem(s)` : "",
    ].filter(Boolean);
    return { status: "failed", reason: `${parts.join(", ") || "validation failed"}: run schema-init` };
  } catch {
    return { status: "failed", reason: "schema validation could not run" };
  }
}
