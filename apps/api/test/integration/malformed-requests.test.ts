import { describe, expect, it } from "vitest";

import { createRandom, generateMalformedRequests } from "../helpers/malformed.js";
import { fillPath, readOperations } from "../helpers/openapi.js";
import { useTestApp } from "../helpers/test-app.js";

const t = useTestApp();
const SEED = 20_261_124;

describe("malformed requests generated from the OpenAPI document", () => {
  it("answers at least 1,000 of them with 4xx problem details and never a 5xx", async () => {
    const token = t().adminToken;
    // Real rows, so a body mutation is judged on the body and not on a missing path target.
    const tag = (await t().call("POST", "/api/tags", { token, body: { name: "fuzz" } })).json() as { id: string };
    const device = (await t().call("POST", "/api/devices", { token, body: { hostname: "fuzz.test", ipAddress: "192.0.2.200", deviceType: "x" } })).json() as { id: string };
    const ids: Record<string, string> = { id: device.id, deviceId: device.id, tagId: tag.id, key: "security.login.lockout_minutes" };
    // Logout would revoke the token the other requests use.
    const operations = (await readOperations(t().app)).filter((op) => (!op.public || op.operationId === "login") && op.operationId !== "logout");
    const requests = generateMalformedRequests(operations, (op) => fillPath(op.path, (name) => ids[name] ?? device.id), createRandom(SEED));
    expect(requests.length).toBeGreaterThanOrEqual(1000);

    const failures: string[] = [];
    for (const request of requests) {
      const response = await t().app.inject({
        method: request.method,
        url: request.url,
        headers: { authorization: `Bearer ${token}`, ...(request.contentType ? { "content-type": request.contentType } : {}) },
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      });
      const ok = response.statusCode >= 400 && response.statusCode < 500 && String(response.headers["content-type"]).includes("application/problem+json");
      if (!ok) failures.push(`${response.statusCode} ${request.label} (${request.method} ${request.url.slice(0, 80)})`);
    }
    expect(failures, `seed ${SEED}`).toEqual([]);
    expect(t().logs()).not.toContain('"level":"error"');
  });
});
