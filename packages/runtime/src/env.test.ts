import { describe, expect, it } from "vitest";
import * as z from "zod";

import { envBoolean, envDatabaseUrl, envDurationMs, envIdentifier, envInteger, envLogFormat, envLogLevel, parseEnv } from "./env.js";
import { isNetravenError } from "./errors.js";

const parse = (schema: z.ZodType, value: unknown) => z.object({ V: schema }).safeParse({ V: value });
const ok = (schema: z.ZodType, value: unknown) => {
  const result = parse(schema, value);
  if (!result.success) throw new Error(result.error.issues[0]?.message);
  return (result.data as { V: unknown }).V;
};
const problem = (schema: z.ZodType, value: unknown) => {
  const result = parse(schema, value);
  return result.success ? undefined : result.error.issues[0]?.message;
};

describe("envBoolean: one set of spellings", () => {
  it.each([
    ["true", true], ["TRUE", true], ["True", true], ["1", true], ["yes", true], ["YES", true], ["on", true], ["On", true], [" true ", true],
    ["false", false], ["FALSE", false], ["0", false], ["no", false], ["No", false], ["off", false], ["OFF", false],
    [true, true], [false, false],
  ])("%j is %s", (value, expected) => {
    expect(ok(envBoolean(!expected), value)).toBe(expected);
  });

  it.each(["flase", "ture", "2", "y", "n", "enabled", "-1", "truee"])("%j is an error naming the spellings", (value) => {
    expect(problem(envBoolean(true), value)).toBe("must be one of true, false, 1, 0, yes, no, on, off");
  });

  it.each([undefined, ""])("%j is unset: the default", (value) => {
    expect(ok(envBoolean(true), value)).toBe(true);
    expect(ok(envBoolean(false), value)).toBe(false);
  });
});

describe("envIdentifier", () => {
  it.each(["public", "app", "_x", "netraven_2", "a".repeat(63)])("accepts %s", (value) => {
    expect(ok(envIdentifier("public"), value)).toBe(value);
  });
  it("defaults when unset or empty", () => {
    expect(ok(envIdentifier("public"), "")).toBe("public");
  });
  it("explains case folding for App", () => {
    expect(problem(envIdentifier("public"), "App")).toBe('PostgreSQL folds unquoted names to lower case: use "app"');
  });
  it.each(["1app", "my-schema", "a b", "a".repeat(64), "app;drop"])("rejects %s", (value) => {
    expect(problem(envIdentifier("public"), value)).toMatch(/^must be a PostgreSQL name/);
  });
});

describe("envDurationMs", () => {
  it.each([["0", 0], ["60000", 60_000], [" 5 ", 5], [250, 250]])("%j is %d ms", (value, expected) => {
    expect(ok(envDurationMs(1), value)).toBe(expected);
  });
  it.each(["60s", "1m", "-1", "1.5", "abc", "1e3", -5])("%j is an error that says milliseconds", (value) => {
    expect(problem(envDurationMs(1), value)).toMatch(/non-negative whole number of milliseconds/);
  });
  it("defaults when empty", () => expect(ok(envDurationMs(42), "")).toBe(42));
  it("takes bounds and says them", () => {
    expect(ok(envDurationMs(5000, { min: 100, max: 60_000 }), "100")).toBe(100);
    expect(problem(envDurationMs(5000, { min: 100, max: 60_000 }), "50")).toBe("must be a whole number of milliseconds between 100 and 60000");
  });
});

describe("envInteger", () => {
  it("checks bounds", () => {
    expect(ok(envInteger(3000, { min: 0, max: 65_535 }), "8080")).toBe(8080);
    expect(problem(envInteger(3000, { min: 0, max: 65_535 }), "70000")).toBe("must be a whole number between 0 and 65535");
  });
});

describe("envLogLevel and envLogFormat", () => {
  it.each(["debug", "info", "warn", "error"])("LOG_LEVEL=%s", (value) => expect(ok(envLogLevel(), value)).toBe(value));
  it.each(["text", "pretty", "json"])("LOG_FORMAT=%s", (value) => expect(ok(envLogFormat(), value)).toBe(value));
  it("defaults to info and text", () => {
    expect(ok(envLogLevel(), "")).toBe("info");
    expect(ok(envLogFormat(), undefined)).toBe("text");
  });
  it.each(["verbose", "INFO", "trace"])("LOG_LEVEL=%s is an error listing the levels", (value) => {
    expect(problem(envLogLevel(), value)).toBe("must be one of debug, info, warn, error");
  });
  it("LOG_FORMAT=yaml lists the formats", () => expect(problem(envLogFormat(), "yaml")).toBe("must be one of text, pretty, json"));
});

describe("envDatabaseUrl", () => {
  it("accepts postgres:// and postgresql://", () => {
    expect(ok(envDatabaseUrl({ required: true }), "postgres://u:p@h:5432/d")).toBe("postgres://u:p@h:5432/d");
    expect(ok(envDatabaseUrl(), "postgresql://h/d")).toBe("postgresql://h/d");
  });
  it("is optional unless required", () => {
    expect(ok(envDatabaseUrl(), "")).toBeUndefined();
    expect(problem(envDatabaseUrl({ required: true }), "")).toMatch(/^is required: set it to postgresql:\/\//);
  });
  it.each([
    ["bogus://x", /does not start with postgresql:\/\//],
    ["mysql://u:hunter2@h/d", /does not start with/],
    ["postgresql://u:hunter2@h:99999/d", /port|cannot be parsed/],
    ["postgresql://u:hunter2@h:abc/d", /cannot be parsed/],
    ["postgresql:///d", /no host/],
  ])("%s is rejected without echoing it", (value, pattern) => {
    const message = problem(envDatabaseUrl({ required: true }), value);
    expect(message).toMatch(pattern);
    expect(message).not.toContain("hunter2");
    expect(message).not.toContain(value);
  });
});

describe("parseEnv", () => {
  const schema = z.object({ DATABASE_URL: envDatabaseUrl({ required: true }), FLAG: envBoolean(false), SCHEMA: envIdentifier("public"), WAIT_MS: envDurationMs(1000) });

  it("returns frozen typed data; flags win", () => {
    const config = parseEnv(schema, { DATABASE_URL: "postgresql://h/d", FLAG: "on", WAIT_MS: "5" }, { WAIT_MS: 7, SCHEMA: undefined });
    expect(config).toEqual({ DATABASE_URL: "postgresql://h/d", FLAG: true, SCHEMA: "public", WAIT_MS: 7 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("reports a required DATABASE_URL that is absent, not only one that is empty", () => {
    expect(() => parseEnv(schema, {})).toThrow(/DATABASE_URL: is required: set it to postgresql:\/\//);
    expect(() => parseEnv(schema, { DATABASE_URL: "" })).toThrow(/DATABASE_URL: is required/);
  });

  it("reports every problem at once, by variable, without values", () => {
    let thrown: unknown;
    try {
      parseEnv(schema, { DATABASE_URL: "bogus://u:hunter2@x", FLAG: "flase", SCHEMA: "App", WAIT_MS: "60s" });
    } catch (error) {
      thrown = error;
    }
    expect(isNetravenError(thrown) && thrown.exitCode).toBe(78);
    const message = (thrown as Error).message;
    expect(message.split("\n")).toEqual([
      "Invalid configuration:",
      expect.stringMatching(/^ {2}- DATABASE_URL: is not a valid PostgreSQL URL/),
      "  - FLAG: must be one of true, false, 1, 0, yes, no, on, off",
      '  - SCHEMA: PostgreSQL folds unquoted names to lower case: use "app"',
      "  - WAIT_MS: must be a non-negative whole number of milliseconds (e.g. 60000 for a minute)",
    ]);
    expect(message).not.toMatch(/hunter2|flase|60s/);
  });

  it("marks problems that came from a flag", () => {
    expect(() => parseEnv(schema, { DATABASE_URL: "postgresql://h/d" }, { WAIT_MS: "soon" })).toThrow(/WAIT_MS: .* \(from a command-line flag\)/);
  });
});
