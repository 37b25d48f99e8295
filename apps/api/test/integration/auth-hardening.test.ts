import { randomBytes, scryptSync } from "node:crypto";

import { describe, expect, it } from "vitest";

import { ADMIN_PASSWORD, createUserToken, useTestApp } from "../helpers/test-app.js";

const t = useTestApp();

const login = (username: string, password: string) => t().call("POST", "/api/auth/login", { body: { username, password } });
const setSetting = async (key: string, value: unknown) => {
  const response = await t().call("PUT", `/api/admin-settings/${key}`, { token: t().adminToken, body: { value } });
  expect(response.statusCode, response.body).toBe(200);
};
const failureReasons = async (userId: string) => {
  const rows = await t().db.prisma.auditLog.findMany({ where: { eventName: "login.failure", targetId: userId } });
  return rows.map((row) => (row.eventMetadata as { reason: string }).reason);
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

describe("lockout under concurrency", () => {
  it("counts N parallel wrong attempts as N and checks no password once the limit is reached", async () => {
    await setSetting("security.login.max_failed_attempts", 5);
    const user = await createUserToken(t());
    const attempts = await Promise.all(Array.from({ length: 12 }, () => login(user.username, "wrong-Password-1!")));
    expect(attempts.map((r) => r.statusCode)).toEqual(Array(12).fill(401));
    const reasons = await failureReasons(user.id);
    expect(reasons.filter((r) => r === "bad-password")).toHaveLength(5);
    expect(reasons.filter((r) => r === "locked")).toHaveLength(7);
    // The right password is refused while locked.
    expect((await login(user.username, user.password)).statusCode).toBe(401);
  });
});

describe("timing", () => {
  it("answers unknown, locked and disabled accounts as slowly as a wrong password", async () => {
    const locked = await createUserToken(t());
    await t().db.prisma.user.update({ where: { id: locked.id }, data: { lockedUntil: new Date(Date.now() + 3_600_000) } });
    const disabled = await createUserToken(t());
    await t().db.prisma.user.update({ where: { id: disabled.id }, data: { isActive: false } });
    const wrong = await createUserToken(t());
    await setSetting("security.login.max_failed_attempts", 100);
    // Interleaved rounds, each kind compared with the wrong password of its own round: a load spike on a busy CI
    // machine lasts seconds and slows one round, not one kind (the ratio of whole-run medians once fell to 0.48 so).
    const kinds = { wrong: wrong.username, locked: locked.username, disabled: disabled.username, unknown: "no-such-user" };
    const ratios: Record<string, number[]> = { locked: [], disabled: [], unknown: [] };
    for (let round = 0; round < 15; round++) {
      const took: Record<string, number> = {};
      for (const [kind, username] of Object.entries(kinds)) {
        const started = performance.now();
        expect((await login(username, "wrong-Password-1!")).statusCode).toBe(401);
        took[kind] = performance.now() - started;
      }
      for (const kind of Object.keys(ratios)) ratios[kind]?.push((took[kind] ?? 0) / (took.wrong ?? 1));
    }
    for (const kind of ["locked", "disabled", "unknown"]) {
      // Same order of magnitude as a wrong password: a hash ran. (Skipping it answered ~10x faster.)
      expect(median(ratios[kind] ?? []), kind).toBeGreaterThan(0.5);
    }
    await setSetting("security.login.max_failed_attempts", 5);
  });
});

describe("token revocation", () => {
  it("revokes a user's tokens on password change, disable (even after re-enabling) and role change", async () => {
    const admin = t().adminToken;
    const me = (token: string) => t().call("GET", "/api/auth/me", { token });
    const user = await createUserToken(t());
    await t().call("PATCH", `/api/users/${user.id}`, { token: admin, body: { password: "Another-Passw0rd!" } });
    expect((await me(user.token)).statusCode).toBe(401);

    const second = await t().login(user.username, "Another-Passw0rd!");
    await t().call("PATCH", `/api/users/${user.id}`, { token: admin, body: { isActive: false } });
    await t().call("PATCH", `/api/users/${user.id}`, { token: admin, body: { isActive: true } });
    expect((await me(second)).statusCode).toBe(401);

    const third = await t().login(user.username, "Another-Passw0rd!");
    await t().call("PATCH", `/api/users/${user.id}`, { token: admin, body: { isAdmin: true } });
    expect((await me(third)).statusCode).toBe(401);
    expect((await me(await t().login(user.username, "Another-Passw0rd!"))).statusCode).toBe(200);
  });

  it("answers 401 to a correctly signed token whose subject is not a user id, twice (the second from the token cache)", async () => {
    const { token } = await t().app.netraven.tokens.issue("not-a-user-id", 0);
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await t().call("GET", "/api/auth/me", { token });
      expect(response.statusCode, response.body).toBe(401);
      expect(response.json()).toMatchObject({ detail: "The access token is invalid or expired: log in again." });
    }
  });

  it("revokes the caller's tokens on POST /api/auth/logout, with Cache-Control: no-store", async () => {
    const user = await createUserToken(t());
    const other = await t().login(user.username, user.password);
    const logout = await t().call("POST", "/api/auth/logout", { token: user.token });
    expect(logout.statusCode).toBe(204);
    expect((await t().call("GET", "/api/auth/me", { token: user.token })).statusCode).toBe(401);
    expect((await t().call("GET", "/api/auth/me", { token: other })).statusCode).toBe(401);
    expect((await t().call("POST", "/api/auth/logout", { token: user.token })).statusCode).toBe(401);
    const again = await login(user.username, user.password);
    expect(again.statusCode).toBe(200);
    expect(again.headers["cache-control"]).toContain("no-store");
  });
});

describe("settings that were shown but not enforced", () => {
  it("enforces the password policy: twelve spaces and policy breaches are refused, naming the field", async () => {
    const create = (password: string) =>
      t().call("POST", "/api/users", { token: t().adminToken, body: { username: `p_${randomBytes(3).toString("hex")}`, email: `${randomBytes(3).toString("hex")}@example.test`, password } });
    for (const password of [" ".repeat(12), "alllowercase-but-long-1!", "ALLUPPERCASE-LONG-1!", "No-Digits-Here-At-All!", "NoSpecialChars123456"]) {
      const response = await create(password);
      expect(response.statusCode, JSON.stringify(password)).toBe(422);
      expect(response.json()).toMatchObject({ errors: [{ pointer: "/password" }] });
    }
    await setSetting("security.password_policy.min_length", 20);
    expect((await create("Short-But-Ok-1!")).statusCode).toBe(422);
    expect((await create("Long-Enough-Passw0rd-Here!")).statusCode).toBe(201);
    await setSetting("security.password_policy.min_length", 8);
  });

  it("issues tokens for the access_token_expire_minutes setting and refuses them after it", async () => {
    await setSetting("security.token.access_token_expire_minutes", 1);
    try {
      const response = await login("admin", ADMIN_PASSWORD);
      expect((response.json() as { expiresIn: number }).expiresIn).toBe(60);
      const token = (response.json() as { accessToken: string }).accessToken;
      t().clock.advanceMs(61_000);
      try {
        expect((await t().call("GET", "/api/auth/me", { token })).statusCode).toBe(401);
      } finally {
        t().clock.advanceMs(-61_000);
      }
    } finally {
      await setSetting("security.token.access_token_expire_minutes", 30);
    }
  });
});

describe("password hashes", () => {
  it("rehashes an older scrypt hash as argon2id at the next successful login", async () => {
    const user = await createUserToken(t());
    const salt = randomBytes(16);
    const old = ["scrypt", 16384, 8, 1, salt.toString("base64"), scryptSync(user.password, salt, 32, { N: 16384, r: 8, p: 1 }).toString("base64")].join("$");
    await t().db.prisma.user.update({ where: { id: user.id }, data: { passwordHash: old } });
    expect((await login(user.username, user.password)).statusCode).toBe(200);
    const row = await t().db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await login(user.username, user.password)).statusCode).toBe(200);
  });
});

describe("the audit log", () => {
  it("never keeps what was typed into the username field of a failed login unless it is a known username", async () => {
    const typed = `Typed-Secret-${randomBytes(6).toString("hex")}`;
    expect((await login(typed, "whatever-password")).statusCode).toBe(401);
    const rows = await t().db.prisma.auditLog.findMany({ where: { eventName: "login.failure" } });
    expect(JSON.stringify(rows)).not.toContain(typed);
    expect((await login("admin", "wrong-password")).statusCode).toBe(401);
    const known = await t().db.prisma.auditLog.findFirst({ where: { eventName: "login.failure", description: { contains: "admin" } } });
    expect(known).not.toBeNull();
  });
});
