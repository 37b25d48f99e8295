import { describe, expect, it } from "vitest";

import { prepared } from "./prepared.js";

describe("prepared", () => {
  it("names a statement by its text, so one text is prepared once per connection", () => {
    const a = prepared("SELECT 1 WHERE $1::int > 0", [1]);
    expect(prepared("SELECT 1 WHERE $1::int > 0", [2]).name).toBe(a.name);
    expect(prepared("SELECT 2 WHERE $1::int > 0", [1]).name).not.toBe(a.name);
    expect(a).toMatchObject({ text: "SELECT 1 WHERE $1::int > 0", values: [1] });
  });

  it("keeps names within PostgreSQL's 63-byte identifier limit", () => {
    expect(prepared("x".repeat(10_000), []).name).toMatch(/^nr_[0-9a-f]{20}$/);
  });
});
