// What docs/docker.md promises of the API's /status and /metrics on a fresh
// stack: the schema up to date without drift, and the first verified backup
// with its age, which reaches the API only through the backup_runs rows the
// backup service writes (the API has no backup volume).
import { expect } from "vitest";

import { waitFor } from "./engine.js";
import { Scrape, scrape, statusPage } from "./monitoring.js";
import type { ListedBackup, Stack } from "./stack.js";

const GAUGES = [
  "netraven_schema_migrations_applied",
  "netraven_schema_migrations_pending",
  "netraven_schema_drift_findings",
  "netraven_schema_init_last_run_success",
  "netraven_backup_last_verified_timestamp_seconds",
  "netraven_backup_last_verified_age_seconds",
  "netraven_backup_last_verified_size_bytes",
  "netraven_backups_in_store",
  "netraven_backup_max_age_seconds",
];

/** Polls /metrics on the host's loopback port until the backup service's first verified backup shows, then checks both pages. */
export async function expectMonitoring(stack: Stack, first: ListedBackup, maxAgeSeconds: number): Promise<void> {
  const base = `http://127.0.0.1:${stack.ports.metrics}`;
  const metrics = await waitFor("the first verified backup in /metrics", async () => {
    const scraped = await scrape(base);
    return scraped.value("netraven_backup_last_verified_timestamp_seconds") > 0 ? scraped : undefined;
  }, 60_000).catch(async (error: Error) => {
    const runs = await stack.sql("SELECT coalesce(string_agg(kind || ' ' || outcome, ', ' ORDER BY finished_at), 'none') FROM backup_runs");
    throw new Error(`${error.message}; backup_runs rows: ${runs}; the page says: ${(await statusPage(base)).text.split("Backups ")[1]?.slice(0, 300)}`);
  });
  const applied = Number(await stack.sql("SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL"));
  expectSchemaMetrics(metrics, applied);
  expectBackupMetrics(metrics, first, maxAgeSeconds);

  const newestMigration = await stack.sql("SELECT max(migration_name) FROM _prisma_migrations");
  const { html, text } = await statusPage(base);
  expect(text).toContain("Schema: up to date, no drift");
  expect(text).toContain(`Schema version: ${newestMigration}, applied`);
  expect(text).toContain("Pending migrations: none.");
  expect(text).toContain("no drift The database matches the shipped schema");
  expect(text).toMatch(/Last schema-init run ok finished \d+ (s|min) ago/);
  expect(text).toMatch(/Backups: fresh, last verified \d+ (s|min) ago/);
  expect(text).toMatch(/fresh Last verified backup \d+ (s|min) ago, [\d.]+ (B|KiB|MiB) \(freshness target 30 h\)/);
  // The age the page shows is of the same backup the metrics carry.
  const verifiedAt = new Date(metrics.value("netraven_backup_last_verified_timestamp_seconds") * 1000).toISOString();
  expect(html).toContain(`Last verified backup <time datetime="${verifiedAt}"`);
  expect(text).toMatch(new RegExp(`${first.id.replace(/[^\w-]/g, "\\$&")} [\\d.]+ (B|KiB|MiB) verified`));
  expect(text).toContain("Readiness: ready");
  for (const secret of ["POSTGRES_PASSWORD", "JWT_SECRET", "ENCRYPTION_KEYS", "ADMIN_PASSWORD"]) expect(html, secret).not.toContain(stack.values[secret]!.split(":").pop());

  // A Prometheus on the backend network scrapes api:9464 (the backup service is on `backend` only).
  const fetched = await stack.exec("backup", ["node", "-e", "fetch('http://api:9464/metrics').then((r) => r.text()).then((t) => process.stdout.write(t), (e) => { console.error(String(e)); process.exit(1); })"]);
  expect(fetched.exitCode, fetched.all).toBe(0);
  expect(new Scrape(fetched.stdout).value("netraven_backups_in_store")).toBeGreaterThanOrEqual(1);
}

function expectSchemaMetrics(metrics: Scrape, applied: number): void {
  for (const name of GAUGES) expect(metrics.type(name), name).toBe("GAUGE");
  expect(metrics.type("netraven_http_requests_total")).toBe("COUNTER");
  expect(metrics.type("netraven_http_request_duration_seconds")).toBe("HISTOGRAM");
  expect(metrics.type("process_cpu_user_seconds_total")).toBe("COUNTER");
  expect(metrics.value("netraven_schema_validation_up")).toBe(1);
  expect(metrics.value("netraven_schema_migrations_applied")).toBe(applied);
  expect(metrics.value("netraven_schema_migrations_pending")).toBe(0);
  expect(metrics.value("netraven_schema_migrations_failed")).toBe(0);
  expect(metrics.value("netraven_schema_drift_findings", { severity: "error" })).toBe(0);
  expect(metrics.value("netraven_schema_drift_findings", { severity: "warning" })).toBe(0);
  expect(metrics.value("netraven_schema_init_last_run_success")).toBe(1);
}

function expectBackupMetrics(metrics: Scrape, first: ListedBackup, maxAgeSeconds: number): void {
  expect(metrics.value("netraven_backup_state_up")).toBe(1);
  expect(metrics.value("netraven_backup_max_age_seconds")).toBe(maxAgeSeconds);
  // The backup's own time, as its manifest has it (started, or finished after durationMs).
  const taken = metrics.value("netraven_backup_last_verified_timestamp_seconds");
  const started = Date.parse(first.startedAt) / 1000;
  expect(taken).toBeGreaterThanOrEqual(Math.floor(started));
  expect(taken).toBeLessThanOrEqual(started + first.durationMs / 1000 + 1);
  const age = metrics.value("netraven_backup_last_verified_age_seconds");
  expect(age).toBeGreaterThan(0);
  expect(Math.abs(Date.now() / 1000 - taken - age)).toBeLessThan(60);
  expect(metrics.value("netraven_backup_last_verified_size_bytes")).toBe(first.bytes);
  expect(metrics.value("netraven_backups_in_store")).toBeGreaterThanOrEqual(1);
  for (const kind of ["create", "verify"]) expect(metrics.value("netraven_backup_failures_since_success", { kind }), kind).toBe(0);
}

/** The API's public port answers neither /metrics nor /status (they have no token, so they live on the loopback listener only). */
export async function expectNoMonitoringOnApiPort(apiPort: number): Promise<void> {
  for (const route of ["/metrics", "/status"]) {
    const response = await fetch(`http://127.0.0.1:${apiPort}${route}`);
    const body = await response.text();
    expect([401, 404], `${route} on the API port answered ${response.status}`).toContain(response.status);
    expect(body, route).not.toMatch(/# TYPE|netraven_backup|<html/i);
  }
}
