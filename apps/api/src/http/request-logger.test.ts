import Fastify from "fastify";
import type { FastifyBaseLogger } from "fastify";
import { describe, expect, it } from "vitest";

import { createLogger } from "../logger.js";
import { RequestLogController, requestLoggerFactory } from "./request-logger.js";

async function logLines(level: "info" | "warn") {
  const lines: Record<string, unknown>[] = [];
  const destination = { write: (chunk: string) => void lines.push(...chunk.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>)) };
  const app = Fastify({
    loggerInstance: createLogger({ level, destination }) as FastifyBaseLogger,
    childLoggerFactory: requestLoggerFactory,
    logController: new RequestLogController(),
    genReqId: () => "req-1",
  });
  app.get("/", async (request) => {
    request.log.info({ token: "secret-info" }, "info line");
    request.log.error({ password: "secret-error" }, "error line");
    request.log.child({ step: "inner" }).warn("child line");
    return { ok: true };
  });
  await app.inject("/?access_token=secret-query&limit=5");
  await app.close();
  return lines;
}

describe("requestLoggerFactory and RequestLogController", () => {
  it("writes the request's lines with its id, redacted, at the levels enabled, and one line per request", async () => {
    const info = await logLines("info");
    expect(info.map((l) => l.msg)).toEqual(["info line", "error line", "child line", "GET /?access_token=***&limit=5 200"]);
    for (const line of info) expect(line.reqId).toBe("req-1");
    expect(info.find((l) => l.msg === "child line")?.step).toBe("inner");
    expect(info.at(-1)).toMatchObject({ level: "info", method: "GET", statusCode: 200, url: "/?access_token=***&limit=5" });
    expect(JSON.stringify(info)).not.toContain("secret-");

    const warn = await logLines("warn");
    expect(warn.map((l) => l.msg)).toEqual(["error line", "child line"]);
    for (const line of warn) expect(line.reqId).toBe("req-1");
    expect(JSON.stringify(warn)).not.toContain("secret-");
  });
});
