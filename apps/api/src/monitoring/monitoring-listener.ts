import Fastify from "fastify";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";

import { StartupError } from "../errors.js";
import { EXIT_CODES } from "../exit-codes.js";
import type { Readiness } from "../server/readiness.js";
import type { Metrics } from "./metrics/create-metrics.js";
import { MONITORING_HEADERS } from "./monitoring-headers.js";
import type { DataLayerSnapshot } from "./state/read-snapshot.js";
import { renderStatusPage } from "./status/render-status-page.js";

/** Options for {@link startMonitoringListener}. */
export interface MonitoringListenerOptions {
  host: string;
  port: number;
  metrics: Metrics;
  readSnapshot: () => Promise<DataLayerSnapshot>;
  readiness: Readiness;
  logger: FastifyBaseLogger;
}

/**
 * The second listener: GET /metrics (Prometheus text) and GET /status (HTML),
 * nothing else. It has no authentication because it is never on the API
 * port and binds to loopback unless NETRAVEN_METRICS_HOST says otherwise.
 */
export async function startMonitoringListener(options: MonitoringListenerOptions): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ loggerInstance: options.logger, forceCloseConnections: true });
  app.addHook("onRequest", (_request, reply, done) => {
    reply.headers(MONITORING_HEADERS);
    done();
  });
  app.setErrorHandler((error, request, reply) => {
    request.log.error({ err: error }, "monitoring request failed");
    return reply.code(500).type("text/plain; charset=utf-8").send("The status could not be read; see the API log.\n");
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).type("text/plain; charset=utf-8").send("Not found: this listener serves /metrics and /status.\n"));

  // Scrapes every few seconds would flood the log: request logs below warn are dropped, failures still log.
  const quiet = { logLevel: "warn" } as const;
  app.get("/metrics", quiet, async (_request, reply) => reply.type(options.metrics.contentType).send(await options.metrics.render(await options.readSnapshot())));
  app.get("/status", quiet, async (_request, reply) => {
    const [snapshot, readiness] = await Promise.all([options.readSnapshot(), options.readiness.check()]);
    return reply.type("text/html; charset=utf-8").send(renderStatusPage(snapshot, readiness));
  });
  app.get("/", quiet, (_request, reply) => reply.redirect("/status"));

  try {
    const url = await app.listen({ host: options.host, port: options.port });
    options.logger.info({ url: `${url}/status`, metrics: `${url}/metrics` }, "status page and metrics listening");
    return { app, url };
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "EADDRINUSE" ? "is already in use" : `cannot be opened (${code ?? "error"})`;
    throw new StartupError(`The metrics and status listener ${options.host}:${options.port} ${reason}: set NETRAVEN_METRICS_PORT to a free port, or off to disable it.`, EXIT_CODES.CONFIG, { cause: error });
  }
}
