import parsePrometheusTextFormat from "parse-prometheus-text-format";
import type { MetricFamily } from "parse-prometheus-text-format";

import type { MonitoringConfig } from "../../src/index.js";
import type { TestApp } from "./test-app.js";

/** The listener on a free loopback port, the default freshness target, the production cache. */
export const TEST_MONITORING: MonitoringConfig = { host: "127.0.0.1", port: 0, backupMaxAgeSeconds: 26 * 3600, cacheMs: 30_000 };

/** Scraped metrics, parsed by a Prometheus text-format parser (not by this repo's code). */
export interface Scrape {
  text: string;
  families: Map<string, MetricFamily>;
  /** The value of a gauge or counter sample with these labels (all of them must match). */
  value(name: string, labels?: Record<string, string>): number;
}

/** GET /metrics on the monitoring listener of `t`. */
export async function scrape(t: TestApp): Promise<Scrape> {
  const response = await fetch(`${monitoringUrl(t)}/metrics`);
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  const text = await response.text();
  const families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
  return {
    text,
    families,
    value(name, labels = {}) {
      const sample = families.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
      if (sample?.value === undefined) throw new Error(`no sample ${name} ${JSON.stringify(labels)} in:\n${text}`);
      // The text format writes infinities as +Inf / -Inf.
      return sample.value === "+Inf" ? Number.POSITIVE_INFINITY : sample.value === "-Inf" ? Number.NEGATIVE_INFINITY : Number(sample.value);
    },
  };
}

/** Base URL of the monitoring listener (the server must be ready). */
export function monitoringUrl(t: TestApp): string {
  const url = t.app.monitoringUrl;
  if (!url) throw new Error("the monitoring listener is not open: pass { monitoring: TEST_MONITORING } to useTestApp");
  return url;
}
