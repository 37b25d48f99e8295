import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";

import { ADMIN_PASSWORD, createUserToken, testServerConfig, useTestApp } from "../helpers/test-app.js";

const t = useTestApp();

describe("login", () => {
  it("returns a short-lived HS256 bearer token with sub, jti, iat and exp", async () => {
    const response = await t().call("POST", "/api/auth/login", { body: { username: "admin", password: ADMIN_PASSWORD } });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { accessToken: string; tokenType: string; expiresIn: number; user: { isAdmin: boolean } };
    expect(body).toMatchObject({ tokenType: "Bearer", expiresIn: 900, user: { isAdmin: true } });
    const [header, payload] = body.accessToken.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString()));
    expect(header).toMatchObject({ alg: "HS256" });
    expect(Object.keys(payload)).toEqual(expect.arrayContaining(["sub", "jti", "iat", "exp"]));
    expect(payload.exp - payload.iat).toBe(900);
  });

  it("answers the same generic 401 for an unknown user and a wrong password, and audits both", async () => {
    const unknown = await t().call("POST", "/api/auth/login", { body: { username: "nobody", password: "whatever-password" } });
    const wrong = await t().call("POST", "/api/auth/login", { body: { username: "admin", password: "wrong-password" } });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect((unknown.json() as { detail: string }).detail).toBe((wrong.json() as { detail: string }).detail);
    const audit = await t().call("GET", "/api/audit-logs?eventName=login.failure", { token: t().adminToken });
    expect((audit.json() as { total: number }).total).toBeGreaterThanOrEqual(2);
    const success = await t().call("GET", "/api/audit-logs?eventName=login.success", { token: t().adminToken });
    expect((success.json() as { total: number }).total).toBeGreaterThanOrEqual(1);
  });

  it("locks an account after the number of failures set in admin settings, for the configured minutes", async () => {
    const token = t().adminToken;
    expect((await t().call("PUT", "/api/admin-settings/security.login.max_failed_attempts", { token, body: { value: 3 } })).statusCode).toBe(200);
    expect((await t().call("PUT", "/api/admin-settings/security.login.lockout_minutes", { token, body: { value: 2 } })).statusCode).toBe(200);
    const user = await createUserToken(t());
    for (let i = 0; i < 3; i++) {
      expect((await t().call("POST", "/api/auth/login", { body: { username: user.username, password: "not-the-password" } })).statusCode).toBe(401);
    }
    const row = await t().db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lockedUntil?.getTime()).toBeGreaterThan(Date.now() + 60_000);
    // Locked: even the right password fails, with the same answer.
    expect((await t().call("POST", "/api/auth/login", { body: { username: user.username, password: user.password } })).statusCode).toBe(401);
    t().clock.advanceMs(2 * 60_000 + 1000);
    try {
      expect((await t().call("POST", "/api/auth/login", { body: { username: user.username, password: user.password } })).statusCode).toBe(200);
    } finally {
      t().clock.advanceMs(-(2 * 60_000 + 1000));
    }
    const lockAudit = await t().call("GET", `/api/audit-logs?eventName=login.failure&targetId=${user.id}`, { token });
    expect((lockAudit.json() as { items: { description: string }[] }).items.some((item) => item.description.includes("account locked"))).toBe(true);
  });

  it("rejects a lockout setting that would disable the lockout", async () => {
    const response = await t().call("PUT", "/api/admin-settings/security.login.max_failed_attempts", { token: t().adminToken, body: { value: 0 } });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ errors: [{ pointer: "/value" }] });
  });

  it("rate-limits login attempts per client with 429 and Retry-After", async () => {
    const limited = await t().spawn({ rateLimit: { max: 1000, loginMax: 3, windowMs: 60_000 } });
    const codes: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await limited.call("POST", "/api/auth/login", { body: { username: "nobody", password: "whatever-password" } });
      codes.push(last.statusCode);
    }
    // One login (the admin token) already counted against this instance.
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(2);
    expect(last?.headers["retry-after"]).toBeDefined();
    // The limit and its reset travel on the 429 only; an answer under the limit carries none of them.
    expect(last?.headers["x-ratelimit-limit"]).toBe("3");
    expect(last?.headers["x-ratelimit-remaining"]).toBe("0");
    const under = await limited.call("GET", "/api/auth/me", { token: limited.adminToken });
    expect(under.statusCode).toBe(200);
    for (const name of ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"]) expect(under.headers[name], name).toBeUndefined();
    expect(last?.headers["content-type"]).toContain("application/problem+json");
    // Refused before the route runs, still with the security headers.
    expect(last?.headers["content-security-policy"]).toContain("frame-ancestors");
  });
});

describe("tokens", () => {
  const forge = async (secret: string, alg: "HS256" | "HS512", sub: string) =>
    new SignJWT({}).setProtectedHeader({ alg }).setSubject(sub).setJti("x").setIssuer("netraven").setAudience("netraven-api").setIssuedAt().setExpirationTime("5m").sign(new TextEncoder().encode(secret));

  it("rejects expired tokens, tokens signed with another secret or algorithm, and alg=none", async () => {
    const me = (await t().call("GET", "/api/auth/me", { token: t().adminToken })).json() as { id: string };
    const otherSecret = testServerConfig().jwt.secret;
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify({ sub: me.id, jti: "x", iat: 1, exp: 9999999999, iss: "netraven", aud: "netraven-api" })).toString("base64url")}.`;
    for (const token of [await forge(otherSecret, "HS256", me.id), await forge(otherSecret, "HS512", me.id), none]) {
      expect((await t().call("GET", "/api/auth/me", { token })).statusCode).toBe(401);
    }
    const fresh = await t().login("admin", ADMIN_PASSWORD);
    t().clock.advanceMs(901_000);
    try {
      expect((await t().call("GET", "/api/auth/me", { token: fresh })).statusCode).toBe(401);
    } finally {
      t().clock.advanceMs(-901_000);
    }
    expect((await t().call("GET", "/api/auth/me", { token: fresh })).statusCode).toBe(200);
  });

  it("re-reads the admin flag on every request; a role change also revokes the tokens issued before it", async () => {
    const user = await createUserToken(t(), { isAdmin: true });
    expect((await t().call("GET", "/api/users", { token: user.token })).statusCode).toBe(200);
    await t().call("PATCH", `/api/users/${user.id}`, { token: t().adminToken, body: { isAdmin: false } });
    expect((await t().call("GET", "/api/users", { token: user.token })).statusCode).toBe(401);
    expect((await t().call("GET", "/api/users", { token: await t().login(user.username, user.password) })).statusCode).toBe(403);
  });

  it("stops administrators from deleting or demoting themselves", async () => {
    const me = (await t().call("GET", "/api/auth/me", { token: t().adminToken })).json() as { id: string };
    expect((await t().call("DELETE", `/api/users/${me.id}`, { token: t().adminToken })).statusCode).toBe(409);
    expect((await t().call("PATCH", `/api/users/${me.id}`, { token: t().adminToken, body: { isAdmin: false } })).statusCode).toBe(409);
  });
});
