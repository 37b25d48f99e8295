import { describe, expect, it } from "vitest";

import { DATABASE_URL_SHAPE } from "./database-url.js";
import { isSecretKey, redactConnectionString, redactSecrets, redactText, redactValue } from "./redact.js";

describe("redactConnectionString", () => {
  it("masks the password and keeps the rest", () => {
    expect(redactConnectionString("postgresql://app:s3cr%40t@db:5432/netraven?sslmode=require")).toBe("postgresql://app:***@db:5432/netraven?sslmode=require");
  });
  it("masks password query parameters", () => {
    expect(redactConnectionString("postgres://db/x?password=hunter2")).not.toContain("hunter2");
  });
  it("leaves a URL without password unchanged", () => {
    expect(redactConnectionString("postgres://app@db/x")).toBe("postgres://app@db/x");
  });
});

describe("redactSecrets", () => {
  it("masks URLs, libpq pairs, PGPASSWORD and bearer tokens inside free text", () => {
    const out = redactSecrets("connect postgres://u:pw1@h/d failed; dsn host=h password='pw 2' user=u PGPASSWORD=pw3 Authorization: Bearer abc.def");
    expect(out).not.toMatch(/pw1|pw 2|pw3|abc\.def/);
    expect(out).toContain("postgres://u:***@h/d");
  });
});

describe("the documented URL shape", () => {
  it("keeps the USER:PASSWORD placeholder a message asks for, and masks everything else", () => {
    expect(redactSecrets(`set it to ${DATABASE_URL_SHAPE}`)).toBe(`set it to ${DATABASE_URL_SHAPE}`);
    expect(redactSecrets("postgresql://USER:hunter2@db/x")).toBe("postgresql://USER:***@db/x");
    expect(redactSecrets("postgresql://app:PASSWORD@db/x")).toBe("postgresql://app:***@db/x");
  });
});

describe("isSecretKey: one rule set", () => {
  it.each(["password", "newPassword", "DATABASE_PASSWORD", "passphrase", "jwtSecret", "secret", "token", "accessToken", "apiKey", "api_key", "x-api-key", "privateKey", "private_key", "authorization", "cookie", "credentials", "deviceCredential"])("%s is secret", (key) => {
    expect(isSecretKey(key)).toBe(true);
  });
  it.each(["tokenVersion", "retryMs", "tokenCount", "credentialId", "user", "key", "keyboard", "monkey", "author", "passwordChangedAt", "secretFile"])("%s is not", (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});

describe("redactValue", () => {
  it("masks deeply with one mask, keeps facts, cleans strings and errors", () => {
    const error = Object.assign(new Error("auth failed for postgres://u:pw@h/d"), { code: "28P01" });
    const value = { user: "admin", password: "pw", nested: [{ token: "t", tokenVersion: 3 }], url: "postgresql://u:pw@h/d", error, hasPassword: true, note: "literal hunter22" };
    expect(redactValue(value, ["hunter22"])).toEqual({
      user: "admin",
      password: "***",
      nested: [{ token: "***", tokenVersion: 3 }],
      url: "postgresql://u:***@h/d",
      error: { name: "Error", message: "auth failed for postgres://u:***@h/d", code: "28P01" },
      hasPassword: true,
      note: "literal ***",
    });
  });

  it("survives cycles", () => {
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    expect(redactValue(a)).toEqual({ name: "a", self: "[Circular]" });
  });

  it("ignores literal secrets shorter than three characters", () => {
    expect(redactText("a b", ["a"])).toBe("a b");
  });
});
