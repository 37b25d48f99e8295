import { describe, expect, it } from "vitest";

import { redactConnectionString, redactSecrets } from "./redact.js";

describe("redactConnectionString", () => {
  it("masks the password and keeps the rest", () => {
    expect(redactConnectionString("postgresql://app:s3cr%40t@db:5432/netraven?sslmode=require")).toBe(
      "postgresql://app:***@db:5432/netraven?sslmode=require",
    );
  });

  it("masks password query parameters", () => {
    expect(redactConnectionString("postgres://db/x?password=hunter2")).not.toContain("hunter2");
  });

  it("leaves a URL without password unchanged", () => {
    expect(redactConnectionString("postgres://app@db/x")).toBe("postgres://app@db/x");
  });
});

describe("redactSecrets", () => {
  it("masks URLs and key/value passwords inside free text", () => {
    const text = "connect postgres://u:pw1@h/d failed; dsn host=h password='pw 2' user=u";
    const out = redactSecrets(text);
    expect(out).not.toMatch(/pw1|pw 2/);
    expect(out).toContain("postgres://u:***@h/d");
  });
});
