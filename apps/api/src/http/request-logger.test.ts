import { Writable } from "node:stream";

import Fastify from "fastify";
import type { FastifyBaseLogger } from "fastify";
import { describe, expect, it } from "vitest";

import { createLogger } from "../logger.js";
import { requestLoggerFactory } from "./request-logger.js";

async function logLines(level: string) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString().trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>));
      callback();
    },
  });
  const app = Fastify({ loggerInstance: createLogger({ level, destination }) as FastifyBaseLogger, childLoggerFactory: requestLoggerFactory, genReqId: () => "req-1" });
  app.get("/", async (request) => {
    request.log.info({ token: "secret-info" }, "info line");
    request.log.error({ password: "secret-error" }, "error line");
    request.log.child({ step: "inner" }).warn("child line");
    return { ok: true };
  });
  await app.inject("/");
  await app.close();
  return lines;
}

describe("requestLoggerFactory", () => {
  it("writes request lines with the request id, redacted, at the levels enabled", async () => {
    const info = await logLines("info");
    expect(info.map((l) => l.msg)).toEqual(expect.arrayContaining(["incoming request", "info line", "error line", "child line", "request completed"]));
    for (const line of info) expect(line.reqId).toBe("req-1");
    expect(info.find((l) => l.msg === "child line")?.step).toBe("inner");
    expect(JSON.stringify(info)).not.toContain("secret-");

    const warn = await logLines("warn");
    expect(warn.map((l) => l.msg)).toEqual(["error line", "child line"]);
    for (const line of warn) expect(line.reqId).toBe("req-1");
    expect(JSON.stringify(warn)).not.toContain("secret-");
  });
});
