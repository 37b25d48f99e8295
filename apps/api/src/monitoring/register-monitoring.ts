import type { FastifyInstance } from "fastify";

import { createMetrics } from "./metrics/create-metrics.js";
import { startMonitoringListener } from "./monitoring-listener.js";
import { createSnapshotReader } from "./state/read-snapshot.js";

declare module "fastify" {
  interface FastifyInstance {
    /** Base URL of the /metrics and /status listener once the server is ready; undefined when it is off. */
    readonly monitoringUrl: string | undefined;
  }
}

/**
 * Adds the request metrics hook to the API and runs the monitoring listener
 * alongside it: opened when the API becomes ready (so a taken port fails the
 * start, exit 78) and closed when the API closes. Does nothing when
 * `config.monitoring` is unset (NETRAVEN_METRICS_PORT=off).
 */
export function registerMonitoring(app: FastifyInstance): void {
  const { config, pool, readiness, clock, users } = app.netraven;
  let listener: { app: FastifyInstance; url: string } | undefined;
  app.decorate("monitoringUrl", { getter: () => listener?.url });
  const monitoring = config.monitoring;
  if (!monitoring) return;

  const metrics = createMetrics(pool, users);
  // One hook, callback style (no promise per request).
  app.addHook("onResponse", (request, reply, done) => {
    metrics.recordResponse(request, reply);
    done();
  });
  const readSnapshot = createSnapshotReader({ pool, schema: config.databaseSchema, cacheMs: monitoring.cacheMs, maxAgeSeconds: monitoring.backupMaxAgeSeconds, clock });
  app.addHook("onReady", async () => {
    listener = await startMonitoringListener({ host: monitoring.host, port: monitoring.port, metrics, readSnapshot, readiness, logger: app.log });
  });
  app.addHook("onClose", async () => {
    await listener?.app.close();
  });
}
