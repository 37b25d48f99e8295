import { describe, expect, it } from "vitest";

import { isApiError } from "../errors.js";
import { CursorCodec } from "./cursor.js";

const codec = new CursorCodec("a-secret-of-at-least-thirty-two-bytes!!");
const position = { sort: "-createdAt", keys: [{ date: "2026-01-01T00:00:00.123Z" }], id: "00000000-0000-4000-8000-000000000001" };

function refusal(run: () => unknown): { status: number; errors: { pointer: string; detail: string }[] } {
  try {
    run();
  } catch (error) {
    if (isApiError(error)) return error as never;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("CursorCodec", () => {
  it("round-trips a position", () => {
    expect(codec.decode(codec.encode(position), "-createdAt")).toEqual(position);
  });

  it.each([
    ["garbage", "not-a-cursor"],
    ["an edited payload", () => codec.encode(position).replace(/^./, (c) => (c === "A" ? "B" : "A"))],
    ["a truncated signature", () => codec.encode(position).slice(0, -3)],
    ["another deployment's cursor", () => new CursorCodec("another-secret-of-at-least-thirty-two-bytes").encode(position)],
    ["an extra segment", () => `${codec.encode(position)}.x`],
    ["another list's cursor", () => new CursorCodec("a-secret-of-at-least-thirty-two-bytes!!", "listTags").encode(position)],
  ])("refuses %s with a 422 naming cursor", (_name, make) => {
    const cursor = typeof make === "string" ? make : make();
    const problem = refusal(() => codec.decode(cursor, "-createdAt"));
    expect(problem.status).toBe(422);
    expect(problem.errors[0]).toMatchObject({ pointer: "/cursor" });
  });

  it("refuses a cursor issued for another sort, saying which", () => {
    const problem = refusal(() => codec.decode(codec.encode(position), "hostname"));
    expect(problem.errors[0]?.detail).toContain("sort=-createdAt");
  });
});
