import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

// An inbound id is kept only when it is short and made of characters that
// cannot break log lines or headers; anything else gets a fresh UUID.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify `genReqId`: the caller's X-Request-ID when safe, else a UUIDv4. */
export function genRequestId(req: IncomingMessage): string {
  const header = req.headers["x-request-id"];
  return typeof header === "string" && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}
