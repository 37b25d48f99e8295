import { describe, expect, it } from "vitest";

import { ConfigError, DatabaseAccessDeniedError, DatabaseNotFoundError, DatabaseUnreachableError, exitCodeFor, InterruptedError, isNetravenError, serializeError, UsageError } from "./errors.js";

describe("NetravenError", () => {
  it.each([
    [ConfigError, "CONFIG_INVALID", 78, false],
    [UsageError, "USAGE", 64, false],
    [DatabaseUnreachableError, "DB_UNREACHABLE", 69, true],
    [DatabaseAccessDeniedError, "DB_ACCESS_DENIED", 77, false],
    [DatabaseNotFoundError, "DB_NOT_FOUND", 66, false],
    [InterruptedError, "INTERRUPTED", 130, false],
  ] as const)("%o has code %s, exit %d, retryable %s", (Class, code, exitCode, retryable) => {
    const cause = new Error("inner");
    const error = new Class("msg", { context: { a: 1 }, cause });
    expect({ code: error.code, exitCode: error.exitCode, retryable: error.retryable, context: error.context, cause: error.cause, name: error.name }).toEqual({ code, exitCode, retryable, context: { a: 1 }, cause, name: Class.name });
    expect(isNetravenError(error)).toBe(true);
    expect(exitCodeFor(error)).toBe(exitCode);
  });

  it("is recognised across module copies by the global symbol brand", () => {
    const foreign = Object.assign(new Error("x"), { [Symbol.for("netraven.error")]: true, code: "X", exitCode: 75 });
    expect(isNetravenError(foreign)).toBe(true);
    expect(isNetravenError(new Error("x"))).toBe(false);
    expect(isNetravenError(null)).toBe(false);
  });

  it("maps anything else to 1, or 130 once aborted", () => {
    const controller = new AbortController();
    expect(exitCodeFor(new TypeError("bug"), controller.signal)).toBe(1);
    controller.abort();
    expect(exitCodeFor(new Error("aborted"), controller.signal)).toBe(130);
    expect(serializeError(new Error("aborted"), controller.signal)).toEqual({ code: "INTERRUPTED", exitCode: 130, message: "aborted", retryable: false, context: {} });
  });
});
