import { describe, expect, it } from "vitest";

import { parseEnvFile } from "./env-file.js";

describe("parseEnvFile", () => {
  it("reads KEY=value lines, quotes, inline comments and empty values", () => {
    const parsed = parseEnvFile('# comment\nA=1\nB="two words"\nC=0 3 * * * # nightly\nD=\n');
    expect([...parsed]).toEqual([
      ["A", "1"],
      ["B", "two words"],
      ["C", "0 3 * * *"],
      ["D", ""],
    ]);
  });

  it("names the line it cannot read", () => {
    expect(() => parseEnvFile("A=1\nnot a pair")).toThrow(".env line 2");
  });
});
