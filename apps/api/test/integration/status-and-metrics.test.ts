/// <reference lib="dom" />
// (DOM types for the code that runs inside the page.)
import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";

import { migrationsDir, readMigrations, recordBackupRun, recordSchemaInitRun } from "@netraven/db-schema/core";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchChromium } from "../helpers/chromium.js";
import { monitoringUrl, scrape, TEST_MONITORING } from "../helpers/monitoring.js";
import { useTestApp } from "../helpers/test-app.js";

// /metrics parsed by a Prometheus text parser and /status read in Debian's chromium, against the file's real
// database, with backup runs recorded by the writers' own statement (recordBackupRun) and a hand-dropped index.
const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));
const t = useTestApp({ monitoring: TEST_MONITORING });
const HOUR_MS = 3_600_000;
const GIB = 1024 ** 3;
let browser: BrowserContext;
let closeBrowser: (() => Promise<void>) | undefined;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchChromium());
  page = await browser.newPage();
  await page.setViewportSize({ width: 1100, height: 900 });
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  await mkdir(ARTIFACTS, { recursive: true });
}, 60_000);
afterAll(async () => {
  await closeBrowser?.();
});

/** Opens /status and returns what a person reads there. */
async function readStatusPage(): Promise<string> {
  const response = await page.goto(`${monitoringUrl(t())}/status`);
  expect(response?.status()).toBe(200);
  return page.locator("body").innerText();
}

const hoursAgo = (hours: number) => new Date(t().clock.now().getTime() - hours * HOUR_MS);

describe("on a fresh database", () => {
  it("/metrics carries the process, HTTP, pool, schema and backup families with their types", async () => {
    const deviceId = randomUUID();
    await t().call("GET", `/api/devices/${deviceId}`, { token: t().adminToken });
    await t().call("GET", "/no/such/path-with-a-secret-abc123");
    const metrics = await scrape(t());

    const types = Object.fromEntries([...metrics.families].map(([name, family]) => [name, family.type]));
    expect(types).toMatchObject({
      process_cpu_user_seconds_total: "COUNTER",
      process_resident_memory_bytes: "GAUGE",
      nodejs_eventloop_lag_seconds: "GAUGE",
      nodejs_heap_size_used_bytes: "GAUGE",
      netraven_http_requests_total: "COUNTER",
      netraven_http_request_duration_seconds: "HISTOGRAM",
      netraven_db_pool_connections: "GAUGE",
      netraven_db_pool_idle_connections: "GAUGE",
      netraven_db_pool_waiting_clients: "GAUGE",
      netraven_db_pool_max_connections: "GAUGE",
      netraven_user_cache_enabled: "GAUGE",
      netraven_user_cache_users: "GAUGE",
      netraven_schema_migrations_applied: "GAUGE",
      netraven_schema_migrations_pending: "GAUGE",
      netraven_schema_migrations_failed: "GAUGE",
      netraven_schema_drift_findings: "GAUGE",
      netraven_schema_last_validation_timestamp_seconds: "GAUGE",
      netraven_schema_init_last_run_timestamp_seconds: "GAUGE",
      netraven_backup_last_verified_timestamp_seconds: "GAUGE",
      netraven_backup_last_verified_age_seconds: "GAUGE",
      netraven_backup_last_verified_size_bytes: "GAUGE",
      netraven_backup_last_restore_test_timestamp_seconds: "GAUGE",
      netraven_backup_failures_since_success: "GAUGE",
      netraven_backups_in_store: "GAUGE",
      netraven_backup_max_age_seconds: "GAUGE",
    });

    // Requests are labelled by route template; neither the id nor an unmatched path ever becomes a label.
    expect(metrics.value("netraven_http_requests_total", { route: "/api/devices/:id", method: "GET", status: "404" })).toBe(1);
    expect(metrics.value("netraven_http_requests_total", { route: "unmatched", method: "GET" })).toBeGreaterThanOrEqual(1);
    expect(metrics.text).not.toContain(deviceId);
    expect(metrics.text).not.toContain("secret-abc123");
    expect(metrics.text).toMatch(/netraven_http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/api\/devices\/:id",status="404"\} 1/);
    expect(metrics.value("netraven_db_pool_max_connections")).toBe(5);
    // The user cache turns on once its listener is up; then the admin's reads above and below are held.
    for (let tries = 0; !t().app.netraven.users.enabled && tries < 500; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    await t().call("GET", "/api/auth/me", { token: t().adminToken });
    const cache = await scrape(t());
    expect([cache.value("netraven_user_cache_enabled"), cache.value("netraven_user_cache_users")]).toEqual([1, 1]);

    const shipped = await readMigrations(migrationsDir);
    expect(metrics.value("netraven_schema_migrations_applied")).toBe(shipped.length);
    expect(metrics.value("netraven_schema_migrations_pending")).toBe(0);
    expect(metrics.value("netraven_schema_drift_findings", { severity: "error" })).toBe(0);
    expect(metrics.value("netraven_schema_last_validation_timestamp_seconds")).toBeGreaterThan(Date.now() / 1000 - 60);
    // Before the first verified backup the freshness alert already fires: the timestamp is 0, the age infinite.
    expect(metrics.value("netraven_backup_last_verified_timestamp_seconds")).toBe(0);
    expect(metrics.value("netraven_backup_last_verified_age_seconds")).toBe(Number.POSITIVE_INFINITY);
    expect(metrics.value("netraven_backup_max_age_seconds")).toBe(26 * 3600);
    expect(metrics.value("netraven_backups_in_store")).toBe(0);
  });

  it("/status shows the schema up to date, no drift, no backup yet, ready, and no secret", async () => {
    const text = await readStatusPage();
    const newest = (await readMigrations(migrationsDir)).at(-1)?.name ?? "";
    expect(text).toContain("Schema: up to date, no drift");
    expect(text).toContain(`Schema version: ${newest}, applied`);
    expect(text).toContain("Pending migrations: none.");
    expect(text).toMatch(/no drift\s+The database matches the shipped schema/);
    expect(text).toContain("No verified backup yet (freshness target 26 h).");
    expect(text).toContain("Readiness: ready");
    const markup = await page.content();
    const password = new URL(t().databaseUrl).password;
    for (const secret of [t().databaseUrl, "postgres://", "postgresql://", ...(password ? [password] : [])]) expect(markup).not.toContain(secret);
    // No script, nothing fetched: the policy allows the one inline stylesheet by hash.
    const response = await fetch(`${monitoringUrl(t())}/status`);
    expect(response.headers.get("content-security-policy")).toMatch(/^default-src 'none';style-src 'sha256-[A-Za-z0-9+/=]+';base-uri 'none';form-action 'none';frame-ancestors 'none'$/);
    expect(await page.locator("script").count()).toBe(0);
    // The hash matches: chromium applied the stylesheet (a blocked one leaves badges transparent) and reported nothing.
    expect(await page.locator(".badge.ok").first().evaluate((element) => getComputedStyle(element).backgroundColor)).toBe("rgb(31, 143, 78)");
    expect(consoleErrors).toEqual([]);
  });
});

describe("after runs recorded by schema-init and the backup service", () => {
  it("shows the last schema-init run", async () => {
    const shipped = (await readMigrations(migrationsDir)).map((m) => m.name);
    // Newer than the row schema-init itself wrote when useTestApp migrated this database.
    await recordSchemaInitRun(t().db.pool, { startedAt: hoursAgo(0.1), finishedAt: hoursAgo(0), durationMs: 4200, outcome: "ok", appliedMigrations: shipped.slice(-2), pendingCount: 0, validation: "ok", findingCount: 0, toolVersion: "0.3.0" });
    const metrics = await scrape(t());
    expect(metrics.value("netraven_schema_init_last_run_success")).toBe(1);
    expect(metrics.value("netraven_schema_init_last_run_duration_seconds")).toBe(4.2);
    expect(metrics.value("netraven_schema_init_last_run_timestamp_seconds")).toBeCloseTo(hoursAgo(0).getTime() / 1000, -1);
    const text = await readStatusPage();
    expect(text).toMatch(/ok finished \d+ s ago, took 4 s; applied 2 migration/);
    expect(text).toContain(`applied 2 migration(s) (${shipped.at(-2)}, ${shipped.at(-1)}); validation: ok, 0 finding(s); schema-init 0.3.0.`);
  });

  it("/metrics and /status show the newest verified backup, the test restore, failures and the timeline newest first", async () => {
    const db = t().db.pool;
    const run = (hours: number, fields: Omit<Parameters<typeof recordBackupRun>[1], "startedAt" | "finishedAt">) =>
      recordBackupRun(db, { startedAt: hoursAgo(hours + 0.1), finishedAt: hoursAgo(hours), ...fields });
    await run(50, { kind: "create", outcome: "ok", backupId: "netraven-a", backupCreatedAt: hoursAgo(50.1), sizeBytes: Math.round(1.2 * GIB), verifiedAt: hoursAgo(50), backupCount: 1 });
    await run(49, { kind: "restore_test", outcome: "ok", backupId: "netraven-a", backupCreatedAt: hoursAgo(50.1), restoreTestedAt: hoursAgo(49) });
    await run(27, { kind: "create", outcome: "ok", backupId: "netraven-b", backupCreatedAt: hoursAgo(27.1), sizeBytes: Math.round(1.4 * GIB), verifiedAt: hoursAgo(27), backupCount: 2 });
    const takenC = hoursAgo(3);
    await run(3, { kind: "create", outcome: "ok", backupId: "netraven-c", backupCreatedAt: takenC, sizeBytes: 1.5 * GIB, verifiedAt: hoursAgo(2.9), backupCount: 3 });
    await run(1, { kind: "create", outcome: "failed", errorCode: "PG_DUMP_FAILED", message: "pg_dump exited 1: connection refused" });

    const metrics = await scrape(t());
    expect(metrics.value("netraven_backup_last_verified_timestamp_seconds")).toBeCloseTo(hoursAgo(3).getTime() / 1000, -1);
    expect(metrics.value("netraven_backup_last_verified_age_seconds")).toBeCloseTo(3 * 3600, -1);
    expect(metrics.value("netraven_backup_last_verified_size_bytes")).toBe(1.5 * GIB);
    expect(metrics.value("netraven_backup_last_restore_test_timestamp_seconds")).toBeCloseTo(hoursAgo(49).getTime() / 1000, -1);
    expect(metrics.value("netraven_backup_failures_since_success", { kind: "create" })).toBe(1);
    expect(metrics.value("netraven_backup_failures_since_success", { kind: "verify" })).toBe(0);
    expect(metrics.value("netraven_backups_in_store")).toBe(3);

    const text = await readStatusPage();
    expect(text).toContain("Backups: fresh, last verified 3 h ago");
    expect(text).toContain("Last verified backup 3 h ago, 1.5 GiB (freshness target 26 h).");
    expect(text).toContain("Backups in the store: 3. Last test restore: 2 d ago.");
    expect(text).toContain("Failed runs since the last success: create 1.");
    expect(text).toMatch(/PG_DUMP_FAILED\s+pg_dump exited 1: connection refused/);
    const rows = await page.locator("table").filter({ hasText: "Test-restored" }).locator("tbody tr").allInnerTexts();
    expect(rows.map((row) => row.split("\t")[1])).toEqual(["netraven-c", "netraven-b", "netraven-a"]);
    expect(rows[0]).toMatch(/3 h ago\tnetraven-c\t1\.5 GiB\tverified\tno\t3 h \(within the 26 h target\) fresh/);
    expect(rows[2]).toMatch(/2 d ago\tnetraven-a\t1\.2 GiB\tverified\trestored\t2 d \(over the 26 h target\)/);
    // The exact time is one hover away.
    const newestTime = page.locator("tbody tr").filter({ hasText: "netraven-c" }).locator("time").first();
    expect(await newestTime.getAttribute("datetime")).toBe(takenC.toISOString());
    expect(await newestTime.getAttribute("title")).toBe(takenC.toISOString());
    await page.screenshot({ path: `${ARTIFACTS}status.png`, fullPage: true });
  });
});

describe("after an index is dropped by hand", () => {
  it("the drift shows in the metric and on the page, with the repair SQL collapsed, within the cache time", async () => {
    await t().db.pool.query("DROP INDEX audit_logs_status_idx");
    // Within the 30 s cache a scrape costs no catalog read; past it, the drop shows.
    expect((await scrape(t())).value("netraven_schema_drift_findings", { severity: "error" })).toBe(0);
    t().clock.advanceMs(TEST_MONITORING.cacheMs + 1000);
    expect((await scrape(t())).value("netraven_schema_drift_findings", { severity: "error" })).toBe(1);

    const text = await readStatusPage();
    expect(text).toContain("Schema: 1 drift finding(s)");
    expect(text).toMatch(/1 finding\(s\)\s+The database differs from the shipped schema/);
    expect(text).toMatch(/error\s+audit_logs\s+audit_logs_status_idx\s+index audit_logs_status_idx is missing/);
    expect(text).toContain("Readiness: not ready");
    // The repair SQL is there but collapsed until the reader opens it.
    const details = page.locator("details");
    expect(await details.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(false);
    expect(text).not.toContain("CREATE INDEX");
    await details.locator("summary").click();
    const repair = await details.locator("pre").innerText();
    expect(repair).toContain("audit_logs_status_idx");
    await page.screenshot({ path: `${ARTIFACTS}status-drift.png`, fullPage: true });

    // The SQL the page offers repairs the drift.
    await t().db.pool.query(repair);
    t().clock.advanceMs(TEST_MONITORING.cacheMs + 1000);
    expect((await scrape(t())).value("netraven_schema_drift_findings", { severity: "error" })).toBe(0);
    expect(await readStatusPage()).toContain("Schema: up to date, no drift");
  });
});

describe("when the backup service stops past the freshness target", () => {
  it("the page marks the backup stale and the age metric crosses the target", async () => {
    t().clock.advanceMs(24 * HOUR_MS);
    const metrics = await scrape(t());
    const age = metrics.value("netraven_backup_last_verified_age_seconds");
    expect(age).toBeGreaterThan(metrics.value("netraven_backup_max_age_seconds"));
    // The alert expression of docs/operations.md, evaluated at the test clock's "now".
    expect(t().clock.now().getTime() / 1000 - metrics.value("netraven_backup_last_verified_timestamp_seconds")).toBeGreaterThan(metrics.value("netraven_backup_max_age_seconds"));

    const text = await readStatusPage();
    expect(text).toContain("Backups: STALE, last verified 27 h ago");
    expect(text).toContain("stale Last verified backup 27 h ago, 1.5 GiB: older than the freshness target of 26 h. Check the backup service.");
    const newestRow = await page.locator("tbody tr").filter({ hasText: "netraven-c" }).innerText();
    expect(newestRow).toMatch(/27 h \(over the 26 h target\) stale/);
    await page.screenshot({ path: `${ARTIFACTS}status-stale.png`, fullPage: true });
  });
});
