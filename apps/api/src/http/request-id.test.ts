import type { IncomingMessage } from "node:http";

import { describe, expect, it } from "vitest";

import { genRequestId } from "./request-id.js";

const request = (id?: string) => ({ headers: id === undefined ? {} : { "x-request-id": id } }) as unknown as IncomingMessage;

describe("genRequestId", () => {
  it("keeps a safe inbound id and replaces unsafe, overlong or missing ones with a UUID", () => {
    expect(genRequestId(request("trace-42:abc.def"))).toBe("trace-42:abc.def");
    for (const bad of [undefined, "", "a b", "x\nInjected: header", "z".repeat(129), "<script>"]) {
      expect(genRequestId(request(bad))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});
