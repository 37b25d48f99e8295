import { describe, expect, it } from "vitest";

import { findUnsafeStrings } from "./unsafe-strings.js";

describe("findUnsafeStrings", () => {
  it("names each unsafe string and key by its JSON pointer (RFC 6901), and passes clean input", () => {
    expect(findUnsafeStrings({ a: { "b/c~d": ["ok", "x\u0000"] }, ["k\u0000"]: 1, s: "\ud800" }, "body")).toEqual([
      { pointer: "/a/b~1c~0d/1", in: "body", detail: "must not contain the NUL character (U+0000)" },
      { pointer: "/k\\u0000", in: "body", detail: "the key must not contain the NUL character (U+0000)" },
      { pointer: "/s", in: "body", detail: "must be well-formed Unicode (no lone surrogate halves)" },
    ]);
    expect(findUnsafeStrings("\u0000", "query")).toEqual([{ pointer: "/", in: "query", detail: "must not contain the NUL character (U+0000)" }]);
    expect(findUnsafeStrings({ list: [{ name: "fine" }], n: 3 }, "body")).toEqual([]);
  });
});
