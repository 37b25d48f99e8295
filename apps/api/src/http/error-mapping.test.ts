import { describe, expect, it } from "vitest";

import { NotFoundError, ValidationError } from "../errors.js";
import { mapError } from "./error-mapping.js";

const prismaError = (code: string, index: string) => ({ code, meta: { driverAdapterError: { cause: { constraint: { index } } } } });

describe("mapError", () => {
  it("maps Prisma unique, missing-row and foreign-key errors to 409/404/422 naming the field", () => {
    expect(mapError(prismaError("P2002", "devices_hostname_key"), "r1", "POST").problem).toMatchObject({ status: 409, errors: [{ pointer: "/hostname" }] });
    expect(mapError({ code: "P2025", meta: {} }, "r1", "PATCH").problem.status).toBe(404);
    expect(mapError(prismaError("P2003", "devices_owner_id_fkey"), "r1", "POST").problem).toMatchObject({ status: 422, errors: [{ pointer: "/ownerId" }] });
    expect(mapError(prismaError("P2003", "devices_owner_id_fkey"), "r1", "DELETE").problem.status).toBe(409);
  });

  it("keeps our typed errors' status and field list, and hides the detail of our own 500s", () => {
    expect(mapError(new NotFoundError("No device with id x."), "r1", "GET").problem).toMatchObject({ status: 404, detail: "No device with id x.", instance: "r1" });
    const validation = mapError(new ValidationError("bad", [{ pointer: "/value", detail: "must be a number" }]), "r1", "PUT");
    expect(validation.problem.errors).toEqual([{ pointer: "/value", detail: "must be a number" }]);
  });

  it("never echoes a body parser's message, which can quote the request body", () => {
    const mapped = mapError({ statusCode: 400, code: "FST_ERR_CTP_INVALID_JSON_BODY", message: 'Unexpected token in "password":"hunter2"' }, "r1", "POST");
    expect(mapped.problem.status).toBe(400);
    expect(JSON.stringify(mapped.problem)).not.toContain("hunter2");
  });

  it("turns pool exhaustion into 503 with Retry-After and anything unknown into a generic 500", () => {
    const busy = mapError(new Error("timeout exceeded when trying to connect"), "r1", "GET");
    expect(busy.problem.status).toBe(503);
    expect(mapError(Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" }), "r1", "GET").problem.status).toBe(503);
    expect(busy.headers?.["retry-after"]).toBeDefined();
    const bug = mapError(new TypeError("x is undefined at secret=abc"), "r1", "GET");
    expect(bug).toMatchObject({ serverFault: true, problem: { status: 500 } });
    expect(bug.problem.detail).not.toContain("secret");
  });
});
