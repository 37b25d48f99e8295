import { describe, expect, it } from "vitest";

import { exceedsDepth } from "./json-body.js";

describe("exceedsDepth", () => {
  it("counts arrays and objects, not brackets inside strings or escaped quotes", () => {
    expect(exceedsDepth('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(exceedsDepth('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(exceedsDepth(JSON.stringify({ s: "[[[[[[{{{{{{\\\"[[[[" }), 1)).toBe(false);
    expect(exceedsDepth(`${"[".repeat(33)}${"]".repeat(33)}`, 32)).toBe(true);
  });
});
