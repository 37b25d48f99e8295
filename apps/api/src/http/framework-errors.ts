import type { Socket } from "node:net";

import type { FastifyReply, FastifyRequest } from "fastify";

import { PROBLEM_CONTENT_TYPE, problem } from "./problem.js";

/** Longest path parameter the router accepts (a uuid is 36; a setting key up to 255 is matched by its own pattern). */
export const MAX_PARAM_LENGTH = 300;

/**
 * Errors Fastify's router raises before any route or hook runs: a URL whose
 * percent-encoding is broken (400) or a path segment past MAX_PARAM_LENGTH
 * (414). Answered as problem details, without echoing the URL.
 */
export function frameworkErrors(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === "FST_ERR_MAX_PARAM_LENGTH";
  const body = tooLong
    ? problem("uri-too-long", "URI too long", 414, `A path segment is longer than ${MAX_PARAM_LENGTH} characters.`, request.id)
    : problem("bad-request", "Bad request", 400, "The URL could not be decoded: check its percent-encoding.", request.id);
  request.log.info({ code: error.code, status: body.status }, "request rejected by the router");
  void reply.code(body.status).header("x-request-id", request.id).type(PROBLEM_CONTENT_TYPE).send(body);
}

// Node's HTTP parser errors and the statuses they mean; the rest are 400.
const PARSER_STATUS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, "request-header-fields-too-large", "Request header fields too large"],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "request-timeout", "Request timeout"],
  HPE_HEADERS_TIMEOUT: [408, "request-timeout", "Request timeout"],
};
const REASONS: Record<number, string> = { 400: "Bad Request", 408: "Request Timeout", 431: "Request Header Fields Too Large" };

/**
 * Fastify's clientErrorHandler: a request Node's HTTP parser could not read
 * (URL or headers too large, bad framing) gets a problem+json answer on the
 * raw socket and the connection closes. Nothing of the request is echoed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  const [status, slug, title] = PARSER_STATUS[error.code ?? ""] ?? [400, "bad-request", "Bad request"];
  const body = JSON.stringify(problem(slug, title, status, "The HTTP request could not be parsed (too large or malformed).", "unparsed"));
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? "Bad Request"}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
