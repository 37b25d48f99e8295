import { describe, expect, it } from "vitest";

import { classifyConnectError, explainConnectError } from "./classify-error.js";

describe("classifyConnectError", () => {
  it.each([
    [{ code: "ECONNREFUSED" }, "transient"],
    [{ code: "EAI_AGAIN" }, "transient"],
    [{ code: "57P03", message: "the database system is starting up" }, "transient"],
    [{ code: "53300", message: "sorry, too many clients already" }, "transient"],
    [{ message: "Connection terminated unexpectedly" }, "transient"],
    [{ code: "3D000", message: 'database "x" does not exist' }, "missing-database"],
    [{ code: "28P01", message: "password authentication failed" }, "permanent"],
    [{ code: "28000", message: 'role "nobody" does not exist' }, "permanent"],
    [{ message: "The server does not support SSL connections" }, "permanent"],
  ])("%o is %s", (error, kind) => {
    expect(classifyConnectError(error)).toBe(kind);
  });
});

describe("explainConnectError", () => {
  it("says what to fix", () => {
    expect(explainConnectError({ code: "28P01" })).toMatch(/check the password in DATABASE_URL/);
    expect(explainConnectError({ message: "The server does not support SSL connections" })).toMatch(/sslmode/);
  });
});
