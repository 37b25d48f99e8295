import { createHash } from "node:crypto";

import { describe, expect, it } from "vitest";

import { checksumMatches } from "./checksum.js";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

describe("checksumMatches", () => {
  const lf = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n";
  const crlf = lf.replace(/\n/g, "\r\n");

  it("accepts the same script", () => {
    expect(checksumMatches(lf, sha(lf))).toBe(true);
  });

  it("accepts a script whose line endings changed in either direction", () => {
    expect(checksumMatches(crlf, sha(lf))).toBe(true);
    expect(checksumMatches(lf, sha(crlf))).toBe(true);
  });

  it("accepts stored hex without leading zeros", () => {
    const script = Array.from({ length: 400 }, (_, i) => `-- ${i}`).find((s) => sha(s).startsWith("0"));
    expect(script).toBeDefined();
    expect(checksumMatches(script!, sha(script!).replace(/^0+/, ""))).toBe(true);
  });

  it("rejects an edited script", () => {
    expect(checksumMatches(lf.replace("b", "c"), sha(lf))).toBe(false);
  });
});
