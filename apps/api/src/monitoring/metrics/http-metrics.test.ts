import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";

import { createHttpMetrics } from "./http-metrics.js";

const request = (url: string | undefined, method = "GET") => ({ routeOptions: { url }, method }) as never;
const reply = (statusCode: number, elapsedMs: number) => ({ statusCode, elapsedTime: elapsedMs }) as never;

describe("the request metrics", () => {
  it("writes a counter and a cumulative histogram per route template, method and status that a Prometheus parser reads", async () => {
    const registry = new Registry();
    const record = createHttpMetrics(registry);
    record(request("/api/devices/:id"), reply(200, 0.5));
    record(request("/api/devices/:id"), reply(200, 3));
    record(request("/api/devices/:id"), reply(200, 20_000));
    record(request(undefined, "POST"), reply(404, 1));

    const families = new Map(parsePrometheusTextFormat(await registry.metrics()).map((f) => [f.name, f]));
    expect(families.get("netraven_http_requests_total")).toMatchObject({
      type: "COUNTER",
      metrics: [
        { labels: { method: "GET", route: "/api/devices/:id", status: "200" }, value: "3" },
        { labels: { method: "POST", route: "unmatched", status: "404" }, value: "1" },
      ],
    });
    expect(families.get("netraven_http_request_duration_seconds")?.type).toBe("HISTOGRAM");
    // The parser folds a labelled histogram's series into one, so its samples are read as lines.
    const text = await registry.metrics();
    const series = (suffix: string, labels: string) => text.split("\n").find((line) => line.startsWith(`netraven_http_request_duration_seconds_${suffix}{${labels}}`))?.split(" ")[1];
    const get = 'method="GET",route="/api/devices/:id",status="200"';
    expect(["0.001", "0.0025", "0.005", "5", "10", "+Inf"].map((le) => series("bucket", `le="${le}",${get}`))).toEqual(["1", "1", "2", "2", "2", "3"]);
    expect([series("sum", get), series("count", get)]).toEqual(["20.0035", "3"]);
    // 1 ms is inside the 0.001 bucket (le: less than or equal).
    expect(series("bucket", 'le="0.001",method="POST",route="unmatched",status="404"')).toBe("1");
  });
});
