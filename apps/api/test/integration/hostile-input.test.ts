import { describe, expect, it } from "vitest";

import { useTestApp } from "../helpers/test-app.js";

const t = useTestApp();

type Problem = { status: number; errors?: { pointer: string; in?: string }[] };

async function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number) {
  expect(response.statusCode).toBe(status);
  expect(String(response.headers["content-type"])).toContain("application/problem+json");
  return response.json() as Problem;
}

describe("strings PostgreSQL cannot store", () => {
  it("refuses a NUL or a lone surrogate in a body field with 422 naming the field", async () => {
    const token = t().adminToken;
    for (const bad of ["a\u0000b", "x\uD800y", "\uDC00"]) {
      const body = await expectProblem(await t().call("POST", "/api/tags", { token, body: { name: "ok", description: bad } }), 422);
      expect(body.errors).toEqual([expect.objectContaining({ pointer: "/description", in: "body" })]);
    }
    // Inside free-form JSON (jsonb), in values and keys.
    const device = (await t().call("POST", "/api/devices", { token, body: { hostname: "nul.test", ipAddress: "192.0.2.9", deviceType: "x" } })).json() as { id: string };
    const nested = await expectProblem(await t().call("POST", "/api/job-logs", { token, body: { jobType: "x", status: "pending", deviceId: device.id, jobData: { deep: [{ k: "v\u0000" }] } } }), 422);
    expect(nested.errors?.[0]?.pointer).toBe("/jobData/deep/0/k");
    const key = await expectProblem(await t().call("POST", "/api/job-logs", { token, body: { jobType: "x", status: "pending", jobData: { "a\u0000": 1 } } }), 422);
    expect(key.errors?.[0]?.in).toBe("body");
  });

  it("refuses a NUL in the login body, a query filter and a path parameter", async () => {
    await expectProblem(await t().call("POST", "/api/auth/login", { body: { username: "adm\u0000in", password: "whatever-password" } }), 422);
    await expectProblem(await t().call("POST", "/api/auth/login", { body: { username: "admin", password: "pw\uD800" } }), 422);
    const query = await expectProblem(await t().call("GET", "/api/devices?hostname=a%00b", { token: t().adminToken }), 422);
    expect(query.errors).toEqual([expect.objectContaining({ pointer: "/hostname", in: "query" })]);
    const filter = await expectProblem(await t().call("GET", "/api/audit-logs?eventName=x%00", { token: t().adminToken }), 422);
    expect(filter.errors?.[0]?.in).toBe("query");
    const path = await expectProblem(await t().call("GET", "/api/admin-settings/a%00b", { token: t().adminToken }), 422);
    expect(path.errors?.[0]?.in).toBe("path");
  });
});

describe("bodies bounded before parsing", () => {
  it("refuses JSON nested deeper than the documented limit with 400, quickly", async () => {
    for (const payload of [`${"[".repeat(10_000)}${"]".repeat(10_000)}`, `${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`]) {
      const started = performance.now();
      const response = await t().call("POST", "/api/tags", { token: t().adminToken, body: payload, headers: { "content-type": "application/json" } });
      await expectProblem(response, 400);
      expect(performance.now() - started).toBeLessThan(2000);
    }
    // Within the limit, deep free-form JSON is still accepted.
    const fine = await t().call("POST", "/api/job-logs", { token: t().adminToken, body: { jobType: "x", status: "pending", jobData: { a: { b: { c: [[[1]]] } } } } });
    expect(fine.statusCode).toBe(201);
  });
});

describe("values outside PostgreSQL's ranges", () => {
  it("refuses dates PostgreSQL cannot store with 422 naming the field", async () => {
    const token = t().adminToken;
    for (const endTime of ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00"]) {
      const body = await expectProblem(await t().call("POST", "/api/job-logs", { token, body: { jobType: "x", status: "pending", endTime } }), 422);
      expect(body.errors?.[0]?.pointer).toBe("/endTime");
    }
    const ok = await t().call("POST", "/api/job-logs", { token, body: { jobType: "x", status: "completed", endTime: "9999-12-31T23:59:59Z" } });
    expect(ok.statusCode).toBe(201);
  });

  it("bounds every admin setting by its own schema, so a huge lockout cannot break login", async () => {
    const token = t().adminToken;
    const cases: [string, unknown][] = [
      ["security.login.lockout_minutes", 1e15],
      ["security.login.lockout_minutes", 0],
      ["security.login.max_failed_attempts", 1_000_000],
      ["security.password_policy.min_length", 5000],
      ["security.token.access_token_expire_minutes", -1],
      ["notification.email.smtp_port", 70_000],
      ["notification.email.from_address", "not an address"],
      ["system.backup.storage_type", "ftp"],
      ["system.general.application_name", "x".repeat(10_000)],
      ["system.backup.enabled", "yes"],
    ];
    for (const [key, value] of cases) {
      const response = await t().call("PUT", `/api/admin-settings/${key}`, { token, body: { value } });
      expect(response.statusCode, `${key}=${String(value).slice(0, 20)}`).toBe(422);
      expect((response.json() as Problem).errors?.[0]?.pointer).toBe("/value");
    }
    expect((await t().call("PUT", "/api/admin-settings/security.login.lockout_minutes", { token, body: { value: 10_080 } })).statusCode).toBe(200);
    const wrong = await t().call("POST", "/api/auth/login", { body: { username: "admin", password: "not-the-password" } });
    expect(wrong.statusCode).toBe(401);
    await t().call("PUT", "/api/admin-settings/security.login.lockout_minutes", { token, body: { value: 15 } });
  });
});
