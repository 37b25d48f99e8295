import { describe, expect, it } from "vitest";

import { redactUrl } from "./logger.js";

describe("redactUrl", () => {
  it("redacts the values of secret-looking query parameters and keeps the rest", () => {
    expect(redactUrl("/api/devices?hostname=core&access_token=abc&Password=x&apiKey=k&limit=5")).toBe(
      "/api/devices?hostname=core&access_token=[Redacted]&Password=[Redacted]&apiKey=[Redacted]&limit=5",
    );
    expect(redactUrl("/api/devices")).toBe("/api/devices");
    expect(redactUrl("/x?%70assword=secret&flag")).toBe("/x?%70assword=[Redacted]&flag");
  });
});
