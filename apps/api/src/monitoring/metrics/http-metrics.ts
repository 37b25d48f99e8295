import type { FastifyReply, FastifyRequest } from "fastify";
import { Counter, Histogram } from "prom-client";
import type { Registry } from "prom-client";

/** Label value for requests that matched no route: the raw URL never becomes a label (unbounded, may hold secrets). */
export const UNMATCHED_ROUTE = "unmatched";

type Children = { count: { inc(): void }; duration: { observe(seconds: number): void } };

/**
 * `netraven_http_requests_total` and `netraven_http_request_duration_seconds`
 * by route template, method and status. Returns the onResponse recorder.
 * The prom-client child of each label set is kept in nested maps, so after the
 * first request of a kind a response costs three map lookups and the
 * library's own increment, and no label object is built per request.
 */
export function createHttpMetrics(registry: Registry): (request: FastifyRequest, reply: FastifyReply) => void {
  const labelNames = ["method", "route", "status"] as const;
  const requests = new Counter({ name: "netraven_http_requests_total", help: "HTTP requests answered by the API, by route template, method and status.", labelNames, registers: [registry] });
  const duration = new Histogram({
    name: "netraven_http_request_duration_seconds",
    help: "Time from receiving an API request to the end of its response, by route template, method and status.",
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const byRoute = new Map<string, Map<string, Map<number, Children>>>();

  return (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    let byMethod = byRoute.get(route);
    if (!byMethod) byRoute.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(request.method);
    if (!byStatus) byMethod.set(request.method, (byStatus = new Map()));
    let children = byStatus.get(reply.statusCode);
    if (!children) {
      const labels = [request.method, route, String(reply.statusCode)] as const;
      children = { count: requests.labels(...labels), duration: duration.labels(...labels) };
      byStatus.set(reply.statusCode, children);
    }
    children.count.inc();
    children.duration.observe(reply.elapsedTime / 1000);
  };
}
