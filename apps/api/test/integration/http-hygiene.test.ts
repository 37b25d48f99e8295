import net from "node:net";

import { beforeAll, describe, expect, it } from "vitest";

import { ADMIN_PASSWORD, useTestApp } from "../helpers/test-app.js";

const t = useTestApp();
let port: number;

beforeAll(async () => {
  const address = await t().app.listen({ host: "127.0.0.1", port: 0 });
  port = Number(new URL(address).port);
});

/** Sends raw bytes over a real socket and returns the whole answer: what Node's HTTP parser sees, not inject. */
function raw(request: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let data = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (data += chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const [head = "", body = ""] = data.split("\r\n\r\n");
      resolve({ status: Number(head.split(" ")[1]), headers: head.toLowerCase(), body });
    });
    socket.end(request);
  });
}

describe("security headers and caching", () => {
  it("sends helmet's security headers on every response, errors included", async () => {
    for (const response of [await t().call("GET", "/livez"), await t().call("GET", "/api/devices"), await t().call("GET", "/nope")]) {
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["strict-transport-security"]).toBeDefined();
      expect(response.headers["content-security-policy"]).toContain("frame-ancestors");
    }
  });

  it("answers /api/ with the JSON set: a CSP that allows nothing and no framing, and no headers only a page reads", async () => {
    for (const response of [await t().call("GET", "/api/devices", { token: t().adminToken }), await t().call("GET", "/api/devices"), await t().call("GET", "/api/nope")]) {
      expect(response.headers["content-security-policy"]).toBe("default-src 'none';frame-ancestors 'none'");
      expect(response.headers["x-frame-options"]).toBe("DENY");
      expect(response.headers["cross-origin-resource-policy"]).toBe("same-origin");
      for (const pageOnly of ["referrer-policy", "cross-origin-opener-policy", "origin-agent-cluster", "x-dns-prefetch-control", "x-download-options", "x-permitted-cross-domain-policies", "x-xss-protection"]) {
        expect(response.headers[pageOnly], pageOnly).toBeUndefined();
      }
    }
    const page = await t().call("GET", "/livez");
    expect(page.headers["cross-origin-opener-policy"]).toBe("same-origin");
    expect(page.headers["referrer-policy"]).toBe("no-referrer");
  });

  it("marks auth and secret-bearing answers Cache-Control: no-store", async () => {
    const token = t().adminToken;
    const login = await t().call("POST", "/api/auth/login", { body: { username: "admin", password: ADMIN_PASSWORD } });
    const failed = await t().call("POST", "/api/auth/login", { body: { username: "admin", password: "wrong-password" } });
    for (const response of [login, failed, await t().call("GET", "/api/admin-settings", { token }), await t().call("GET", "/api/credentials", { token }), await t().call("GET", "/api/users", { token })]) {
      expect(response.headers["cache-control"]).toBe("no-store");
    }
  });
});

describe("methods", () => {
  it("answers 405 with Allow for a known path and another method, TRACE included", async () => {
    const token = t().adminToken;
    const cases: [string, string, string[]][] = [
      ["TRACE", "/api/devices", ["GET", "POST"]],
      ["DELETE", "/api/auth/me", ["GET"]],
      ["PUT", "/livez", ["GET"]],
      ["POST", "/api/devices/00000000-0000-4000-8000-000000000000", ["DELETE", "GET", "PATCH"]],
    ];
    for (const [method, url, allowed] of cases) {
      const response = await t().call(method as "GET", url, { token });
      expect(response.statusCode, `${method} ${url}`).toBe(405);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      expect(String(response.headers.allow).split(", ")).toEqual(expect.arrayContaining(allowed));
    }
    const unknown = await t().call("GET", "/api/no-such-thing-secret123", { token });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).not.toContain("secret123");
  });
});

describe("errors raised before routing", () => {
  it("answers them as problem details without echoing the request", async () => {
    const marker = "ECHO-MARKER";
    const cases: [string, number][] = [
      [`GET /api/devices/${marker}${"a".repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431],
      [`GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: ${marker}${"b".repeat(20_000)}\r\n\r\n`, 431],
      [`GARBAGE ${marker}\r\n\r\n`, 400],
      [`GET /api/devices/${marker}${"c".repeat(400)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 414],
      [`GET /api/devices/%E0%A4%-${marker} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 400],
    ];
    for (const [request, status] of cases) {
      const response = await raw(request);
      expect(response.status, request.slice(0, 40)).toBe(status);
      expect(response.headers).toContain("content-type: application/problem+json");
      expect(JSON.parse(response.body)).toMatchObject({ status, type: expect.stringContaining("https://netraven.dev/problems/") });
      expect(response.body).not.toContain(marker);
    }
  });
});

describe("logs", () => {
  it("redacts query parameters that can carry secrets from logged URLs", async () => {
    await t().call("GET", "/api/devices?hostname=core1&access_token=SECRET-ONE&password=SECRET-TWO&apiKey=SECRET-THREE", { token: t().adminToken });
    await t().call("GET", "/no/route?session=SECRET-FOUR");
    const logs = t().logs();
    expect(logs).toContain("hostname=core1");
    expect(logs).toContain("access_token=***");
    expect(logs).not.toMatch(/SECRET-(ONE|TWO|THREE|FOUR)/);
  });
});
