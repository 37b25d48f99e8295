import { describe, expect, it } from "vitest";

import { collectVariables, interpolate, interpolateString, InterpolationError, requiredVariables } from "./interpolate.js";

const env: Record<string, string> = { SET: "value", EMPTY: "" };
const lookup = (name: string) => env[name];

describe("interpolateString", () => {
  it.each([
    ["$SET and ${SET}", "value and value"],
    ["${UNSET:-fallback} ${EMPTY:-fallback} ${EMPTY-kept}", "fallback fallback "],
    ["${SET:+alt}${UNSET:+alt}${EMPTY+alt}", "altalt"],
    ["${UNSET:-${SET}}", "value"],
    ["cost: $$5", "cost: $5"],
    ["$${POSTGRES_USER}", "${POSTGRES_USER}"],
  ])("%s -> %s", (template, expected) => {
    expect(interpolateString(template, lookup)).toBe(expected);
  });

  it("throws the :? message when a required variable is unset or empty", () => {
    expect(() => interpolateString("${EMPTY:?set EMPTY in .env}", lookup)).toThrow("EMPTY: set EMPTY in .env");
    expect(() => interpolateString("${EMPTY?only when unset}", lookup)).not.toThrow();
  });

  it("rejects a lone dollar the way compose does", () => {
    expect(() => interpolateString("echo $(date)", lookup)).toThrow(InterpolationError);
    expect(() => interpolateString("${UNCLOSED", lookup)).toThrow(/Unclosed/);
  });
});

describe("interpolate", () => {
  it("names the path of the failing value", () => {
    const doc = { services: { api: { environment: { JWT_SECRET: "${JWT_SECRET:?required}" } } } };
    expect(() => interpolate(doc, lookup)).toThrow("services.api.environment.JWT_SECRET: JWT_SECRET: required");
  });
});

describe("collectVariables / requiredVariables", () => {
  it("finds names in defaults and error branches, and only :?/? ones as required", () => {
    const doc = { a: "${A:-${B}}", b: ["$C", "${D:?x}", "${E?y}"], c: "$$NOT" };
    expect([...collectVariables(doc)].sort()).toEqual(["A", "B", "C", "D", "E"]);
    expect([...requiredVariables(doc)].sort()).toEqual(["D", "E"]);
  });
});
