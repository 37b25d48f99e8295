// The status page and metrics following the data layer on a real stack, read
// from the host through the published loopback port: an index dropped by
// hand shows as drift, and once the backup service is stopped past the
// freshness target the backup shows stale and the age crosses the target.
// The target is 0.03 h (108 s) so that this takes two minutes, not a day;
// the file runs beside stack.test.ts, which checks the fresh stack in detail.
import { afterAll, describe, expect, it } from "vitest";

import { waitFor } from "./helpers/engine.js";
import { scrape, statusPage } from "./helpers/monitoring.js";
import { freePorts, Stack } from "./helpers/stack.js";

const MAX_AGE_SECONDS = 108;
const stack = new Stack(`nrtest-monitoring-${process.pid}`, await freePorts(), { BACKUP_HEALTH_MAX_AGE_HOURS: String(MAX_AGE_SECONDS / 3600) });
const base = `http://127.0.0.1:${stack.ports.metrics}`;

describe("/status and /metrics on a running stack", () => {
  afterAll(async () => {
    await stack.down();
  });

  it("show a dropped index as drift, and the backup stale once the backup service is stopped past the target", async () => {
    await stack.composeOk(["up", "--detach"]);
    await stack.healthy("api");
    const fresh = await waitFor("the first verified backup in /metrics", async () => {
      const metrics = await scrape(base);
      return metrics.value("netraven_backup_last_verified_timestamp_seconds") > 0 ? metrics : undefined;
    }, 60_000);
    expect(fresh.value("netraven_backup_max_age_seconds")).toBe(MAX_AGE_SECONDS);
    expect(fresh.value("netraven_backup_last_verified_age_seconds")).toBeLessThan(MAX_AGE_SECONDS);
    expect((await statusPage(base)).text).toContain("Backups: fresh, last verified");
    expect(fresh.value("netraven_schema_drift_findings", { severity: "error" })).toBe(0);

    await stack.sql("DROP INDEX audit_logs_status_idx");
    await stack.composeOk(["stop", "backup"]);

    // The API reuses a schema validation for up to 30 s.
    await waitFor("the dropped index in netraven_schema_drift_findings", async () => ((await scrape(base)).value("netraven_schema_drift_findings", { severity: "error" }) === 1 ? true : undefined), 45_000);
    const drifted = await statusPage(base);
    expect(drifted.text).toContain("Schema: 1 drift finding(s)");
    expect(drifted.text).toContain("error audit_logs audit_logs_status_idx index audit_logs_status_idx is missing");
    expect(drifted.html).toMatch(/<details><summary>Repair SQL[^<]*<\/summary><pre><code>[^<]*audit_logs_status_idx/);

    const stale = await waitFor("the newest verified backup to pass the freshness target", async () => {
      const metrics = await scrape(base);
      return metrics.value("netraven_backup_last_verified_age_seconds") > MAX_AGE_SECONDS ? metrics : undefined;
    }, (MAX_AGE_SECONDS + 30) * 1000);
    // The alert rule of docs/operations.md: time() - last verified > max age.
    expect(Date.now() / 1000 - stale.value("netraven_backup_last_verified_timestamp_seconds")).toBeGreaterThan(stale.value("netraven_backup_max_age_seconds"));
    const { text } = await statusPage(base);
    expect(text).toMatch(/Backups: STALE, last verified \d+ min ago/);
    expect(text).toMatch(/stale Last verified backup \d+ min ago, [\d.]+ (B|KiB|MiB): older than the freshness target of 2 min\. Check the backup service\./);
  });
});
