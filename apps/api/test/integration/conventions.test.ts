import { createDbClient } from "@netraven/db-schema";
import { useTestDatabase } from "@netraven/db-schema/testing";
import { describe, expect, it } from "vitest";

import { createLogger, createServer, decryptSecret } from "../../src/index.js";
import { settingAad } from "../../src/resources/setting-secrets.js";
import { testServerConfig, useTestApp } from "../helpers/test-app.js";

const t = useTestApp();
const unmigrated = useTestDatabase({ from: "empty" });

describe("HTTP conventions", () => {
  it("echoes a safe X-Request-ID, replaces an unsafe one, and names it in problem details", async () => {
    const kept = await t().call("GET", "/livez", { headers: { "x-request-id": "abc-123.def:9" } });
    expect(kept.headers["x-request-id"]).toBe("abc-123.def:9");
    const replaced = await t().call("GET", "/api/devices", { headers: { "x-request-id": "bad id\twith spaces" } });
    expect(replaced.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(replaced.json()).toMatchObject({ status: 401, instance: replaced.headers["x-request-id"] });
    const generated = await t().call("GET", "/no/such/route", { token: t().adminToken });
    expect(generated.statusCode).toBe(404);
    expect(generated.headers["content-type"]).toContain("application/problem+json");
    expect(generated.json()).toMatchObject({ type: "https://netraven.dev/problems/not-found", instance: generated.headers["x-request-id"] });
  });

  it("answers bad input with 4xx problem details, never 500", async () => {
    const token = t().adminToken;
    const cases: [string, string, unknown, Record<string, string>, number][] = [
      ["POST", "/api/tags", "{not json", { "content-type": "application/json" }, 400],
      ["POST", "/api/tags", "name=x", { "content-type": "application/x-www-form-urlencoded" }, 415],
      ["POST", "/api/tags", { name: "x".repeat(2_000_000) }, {}, 413],
      ["POST", "/api/tags", { name: "ok", extra: 1 }, {}, 422],
      ["POST", "/api/tags", [], {}, 422],
      ["GET", "/api/tags/not-a-uuid", undefined, {}, 422],
    ];
    for (const [method, url, body, headers, status] of cases) {
      const response = await t().call(method as "POST", url, { token, body, headers });
      expect(response.statusCode, `${method} ${url} ${String(body).slice(0, 20)}`).toBe(status);
      expect(response.headers["content-type"]).toContain("application/problem+json");
    }
  });

  it("accepts URLs with a trailing slash", async () => {
    expect((await t().call("GET", "/api/devices/", { token: t().adminToken })).statusCode).toBe(200);
  });

  it("masks sensitive admin settings but lets administrators change them", async () => {
    const token = t().adminToken;
    const sensitive = await t().db.prisma.adminSetting.findFirst({ where: { isSensitive: true } });
    const key = sensitive?.key ?? "test.secret";
    if (!sensitive) {
      await t().db.prisma.adminSetting.create({ data: { key, value: "hunter2-secret", valueType: "string", category: "system", isSensitive: true } });
    }
    const update = await t().call("PUT", `/api/admin-settings/${key}`, { token, body: { value: "s3cret-value-xyz" } });
    expect(update.statusCode, update.body).toBe(200);
    expect(update.json()).toMatchObject({ value: "********", isSensitive: true });
    const list = await t().call("GET", "/api/admin-settings?limit=1000", { token });
    expect(list.body).not.toContain("s3cret-value-xyz");
    expect((list.json() as { total: number }).total).toBeGreaterThanOrEqual(22);
    // Stored encrypted under the active key, bound to the setting's key; never in plaintext.
    const stored = await t().db.prisma.adminSetting.findUniqueOrThrow({ where: { key } });
    expect(JSON.stringify(stored.value)).not.toContain("s3cret-value-xyz");
    const sealed = stored.value as { sealed: string; keyId: string };
    const keyring = t().app.netraven.config.keyring;
    expect(JSON.parse(decryptSecret(keyring, sealed.keyId, Buffer.from(sealed.sealed, "base64"), settingAad(key)))).toBe("s3cret-value-xyz");
    const dump = await t().db.pool.query("SELECT value::text FROM admin_settings");
    expect(JSON.stringify(dump.rows)).not.toContain("s3cret-value-xyz");
    expect(t().logs()).not.toContain("s3cret-value-xyz");
    expect((await t().call("PUT", "/api/admin-settings/no.such.key", { token, body: { value: 1 } })).statusCode).toBe(404);
  });

  it("audits every change with the actor, target and request id, without values", async () => {
    const token = t().adminToken;
    const created = await t().call("POST", "/api/tags", { token, body: { name: "audited", description: "private note" } });
    const id = (created.json() as { id: string }).id;
    await t().call("PATCH", `/api/tags/${id}`, { token, body: { color: "#abcdef" } });
    await t().call("DELETE", `/api/tags/${id}`, { token });
    const audit = await t().call("GET", `/api/audit-logs?targetId=${id}&sort=createdAt`, { token });
    const items = (audit.json() as { items: { eventName: string; actorId: string; sessionId: string; eventMetadata: unknown }[] }).items;
    expect(items.map((item) => item.eventName)).toEqual(["tag.create", "tag.update", "tag.delete"]);
    expect(items[0]?.sessionId).toBe(created.headers["x-request-id"]);
    expect(items[0]?.eventMetadata).toEqual({ fields: ["name", "description"] });
    expect(JSON.stringify(items)).not.toContain("private note");
  });

  it("reports live and ready, and answers /readyz 503 when shutting down", async () => {
    expect((await t().call("GET", "/livez")).json()).toEqual({ status: "ok" });
    const ready = await t().call("GET", "/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: "ready", checks: { database: { status: "ok" }, schema: { status: "ok" } } });
    const other = await t().spawn({});
    other.app.netraven.readiness.markShuttingDown();
    const draining = await other.call("GET", "/readyz");
    expect(draining.statusCode).toBe(503);
    expect(draining.json()).toMatchObject({ status: 503, checks: { shutdown: { status: "failed" } } });
  });

  it("lets requests in flight finish when closing, while readiness fails at once", async () => {
    const draining = await t().spawn({});
    const address = await draining.app.listen({ host: "127.0.0.1", port: 0 });
    // Hold the users table so an authenticated request is certainly in flight (blocked in the user check).
    const blocker = await t().db.pool.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
      const inFlight = fetch(`${address}/api/auth/me`, { headers: { authorization: `Bearer ${draining.adminToken}` } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const closing = draining.app.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const readiness = await draining.app.netraven.readiness.check();
      expect(readiness).toMatchObject({ ready: false, checks: { shutdown: { status: "failed" } } });
      await blocker.query("COMMIT");
      expect((await inFlight).status).toBe(200);
      await closing;
      expect(draining.app.server.listening).toBe(false);
    } finally {
      blocker.release();
    }
  });

  it("sends the security headers, the request id and no-store on the drain's 503 too", async () => {
    const draining = await t().spawn({});
    await draining.app.netraven.drain.drain({ lingerMs: 0, timeoutMs: 0 });
    const response = await draining.call("GET", "/api/auth/me", { token: draining.adminToken });
    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toBe("5");
    expect(response.headers["x-request-id"]).toBeDefined();
    expect(response.headers["strict-transport-security"]).toBeDefined();
    expect(response.headers["content-security-policy"]).toContain("frame-ancestors");
    expect(response.headers["cache-control"]).toBe("no-store");
  });

  it("is not ready on a database that schema-init has not migrated, and says which check failed", async () => {
    const db = createDbClient({ url: unmigrated().url, pool: { max: 2 } });
    const app = await createServer({ db, config: testServerConfig(), logger: createLogger({ level: "silent" }) });
    try {
      const response = await app.inject({ method: "GET", url: "/readyz" });
      expect(response.statusCode).toBe(503);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      expect(response.json()).toMatchObject({ checks: { database: { status: "ok" }, schema: { status: "failed" } } });
      expect((response.json() as { detail: string }).detail).toContain("schema");
      expect(response.body).not.toMatch(/postgres(ql)?:\/\//);
    } finally {
      await app.close();
      await db.close();
    }
  });
});
