import { readFile } from "node:fs/promises";

import { describe, expect, it } from "vitest";

import { createUserToken, useTestApp } from "../helpers/test-app.js";
import { fillPath, readOperations } from "../helpers/openapi.js";
import type { Operation } from "../helpers/openapi.js";

// Table-driven over the served OpenAPI document, so a new route is covered
// the moment it exists: deny by default (401 without a token), 403 for a
// non-admin on admin routes, and only the intended routes are public.
const t = useTestApp();
const SOME_ID = "00000000-0000-4000-8000-000000000000";
const fill = (op: Operation) => fillPath(op.path, (name) => (name === "key" ? "security.login.lockout_minutes" : SOME_ID));

describe("route authentication and authorisation", () => {
  it("exposes exactly the intended public operations", async () => {
    const operations = await readOperations(t().app);
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.filter((op) => op.public).map((op) => `${op.method} ${op.path}`).sort()).toEqual([
      "GET /livez",
      "GET /readyz",
      "POST /api/auth/login",
    ]);
  });

  it("answers 401 problem+json on every non-public operation without a token, and with a forged one", async () => {
    const operations = (await readOperations(t().app)).filter((op) => !op.public);
    const forged = `${t().adminToken.slice(0, -4)}AAAA`;
    for (const op of operations) {
      for (const headers of [{}, { authorization: `Bearer ${forged}` }, { authorization: "Basic YWRtaW46YWRtaW4=" }]) {
        const response = await t().app.inject({ method: op.method, url: fill(op), headers, payload: op.body ? {} : undefined });
        expect(response.statusCode, `${op.method} ${op.path} ${JSON.stringify(headers)}`).toBe(401);
        expect(response.headers["content-type"]).toContain("application/problem+json");
      }
    }
  });

  it("answers 403 for a non-admin on every admin operation, and lets the same user through elsewhere", async () => {
    const user = await createUserToken(t());
    // Logout revokes the token, so it goes last.
    const operations = (await readOperations(t().app)).filter((op) => !op.public).sort((a, b) => Number(a.operationId === "logout") - Number(b.operationId === "logout"));
    const admin = operations.filter((op) => op.admin);
    expect(admin.map((op) => op.operationId)).toEqual(
      expect.arrayContaining(["listUsers", "createUser", "deleteUser", "createCredential", "rotateCredentialKeys", "listAuditLogs", "updateAdminSetting"]),
    );
    for (const op of operations) {
      const response = await t().app.inject({ method: op.method, url: fill(op), headers: { authorization: `Bearer ${user.token}` }, payload: op.body ? {} : undefined });
      if (op.admin) expect(response.statusCode, `${op.method} ${op.path}`).toBe(403);
      else expect([401, 403], `${op.method} ${op.path}`).not.toContain(response.statusCode);
    }
  });

  it("matches the endpoint table in docs/api.md", async () => {
    const docs = await readFile(new URL("../../../../docs/api.md", import.meta.url), "utf8");
    const documented = [...docs.matchAll(/^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)` \| (public|user|admin) \| (\w+) \|$/gm)].map((m) => m.slice(1).join(" "));
    const served = (await readOperations(t().app)).map((op) => `${op.method} ${op.path} ${op.public ? "public" : op.admin ? "admin" : "user"} ${op.operationId}`);
    expect(documented.sort()).toEqual(served.sort());
  });

  it("serves the API description and the docs page without a token", async () => {
    const json = await t().call("GET", "/openapi.json");
    expect(json.statusCode).toBe(200);
    const document = json.json() as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content: object }> }>> };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths["/api/devices/{id}"]?.get?.responses["404"]?.content ?? {})).toEqual(["application/problem+json"]);
    const docs = await t().call("GET", "/docs/");
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain("swagger");
  });

  it("rejects tokens of disabled users at once, without waiting for expiry", async () => {
    const user = await createUserToken(t());
    expect((await t().call("GET", "/api/auth/me", { token: user.token })).statusCode).toBe(200);
    const disable = await t().call("PATCH", `/api/users/${user.id}`, { token: t().adminToken, body: { isActive: false } });
    expect(disable.statusCode).toBe(200);
    expect((await t().call("GET", "/api/auth/me", { token: user.token })).statusCode).toBe(401);
  });
});
