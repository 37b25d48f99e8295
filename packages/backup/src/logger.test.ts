import { describe, expect, it } from "vitest";

import { createLogger, redact } from "./logger.js";

describe("logger", () => {
  it("removes connection-string passwords, password pairs and given secrets", () => {
    expect(redact("postgresql://u:hunter22@h/db and password=abc123 and raw s3cr3t-value", ["s3cr3t-value"])).toBe(
      "postgresql://u:***@h/db and password=*** and raw ***",
    );
  });

  it("redacts messages and context, including secret-named keys, in both formats", () => {
    const lines: string[] = [];
    const stream = { write: (s: string) => lines.push(s) };
    for (const format of ["text", "json"] as const) {
      createLogger({ format, stream, secrets: ["hunter22"] }).warn("connecting with hunter22", {
        url: "postgres://a:hunter22@h/d",
        nested: { PGPASSWORD: "anything" },
      });
    }
    expect(lines.join("")).not.toMatch(/hunter22|anything/);
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: "warn", msg: "connecting with ***", nested: { PGPASSWORD: "***" } });
  });

  it("drops debug lines unless verbose", () => {
    const lines: string[] = [];
    createLogger({ stream: { write: (s: string) => lines.push(s) } }).debug?.("hidden");
    createLogger({ verbose: true, stream: { write: (s: string) => lines.push(s) } }).debug?.("shown");
    expect(lines).toEqual(["debug: shown\n"]);
  });
});
