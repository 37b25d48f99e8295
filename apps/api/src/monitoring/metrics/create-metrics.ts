import type { FastifyReply, FastifyRequest } from "fastify";
import type pg from "pg";
import { collectDefaultMetrics, Registry } from "prom-client";

import type { UserCache } from "../../auth/user-cache.js";
import type { DataLayerSnapshot } from "../state/read-snapshot.js";
import { createDataLayerMetrics } from "./data-layer-metrics.js";
import { createHttpMetrics } from "./http-metrics.js";
import { registerPoolMetrics } from "./pool-metrics.js";
import { registerUserCacheMetrics } from "./user-cache-metrics.js";

/** The API's Prometheus metrics. */
export interface Metrics {
  /** The main server's onResponse recorder. */
  recordResponse(request: FastifyRequest, reply: FastifyReply): void;
  /** Content type of {@link Metrics.render}'s text. */
  contentType: string;
  /** The exposition text, with the data-layer gauges set from `snapshot`. */
  render(snapshot: DataLayerSnapshot): Promise<string>;
}

/**
 * One registry per server (not prom-client's global one), so several servers
 * in one process (tests) never register a name twice. Process and Node
 * runtime metrics keep prom-client's standard names (process_*, nodejs_*),
 * which existing dashboards expect; NetRaven's own carry the netraven_ prefix.
 */
export function createMetrics(pool: pg.Pool, users: UserCache): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registerPoolMetrics(registry, pool);
  registerUserCacheMetrics(registry, users);
  const update = createDataLayerMetrics(registry);
  return {
    recordResponse: createHttpMetrics(registry),
    contentType: registry.contentType,
    async render(snapshot) {
      update(snapshot);
      return registry.metrics();
    },
  };
}
