import net from "node:net";

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import { PROBLEM_CONTENT_TYPE, problem, serializeProblem } from "../http/problem.js";

/** Graceful shutdown in two steps: drain (still listening), then close. */
export interface Drain {
  /**
   * From now on new requests get 503 + Retry-After + Connection: close, while
   * requests in flight go on. Resolves once none is in flight and at least
   * `lingerMs` passed (time for load balancers to see /readyz fail), or after
   * `timeoutMs` whatever is still running.
   */
  drain(options: { lingerMs: number; timeoutMs: number }): Promise<void>;
  /**
   * Stops accepting connections but leaves the accepted ones alone for a
   * moment, so a connection accepted just now still sends its request and
   * gets its 503. (http.Server.close() would destroy it as "idle" at once,
   * and the client would see a reset.) Then close() as usual.
   */
  stopListening(graceMs: number): Promise<void>;
  readonly draining: boolean;
}

/**
 * Fastify's close() stops listening at once: clients connecting during a
 * shutdown were refused, and keep-alive connections closed under a request
 * were reset. Draining first keeps the listener open and answers instead.
 * Registered before everything else, so the 503 skips auth and the database.
 * `everyResponse` runs first in the same onRequest hook (the response headers
 * every answer carries, the 503 included): one hook per request instead of two
 * is one less step through Fastify's hook runner on the hottest path.
 */
export function registerDrain(app: FastifyInstance, everyResponse: (request: FastifyRequest, reply: FastifyReply) => void): Drain {
  let draining = false;
  let inFlight = 0;
  let settle: (() => void) | undefined;
  app.addHook("onRequest", (request, reply, done) => {
    everyResponse(request, reply);
    if (!draining) {
      inFlight++;
      (request as { counted?: boolean }).counted = true;
      done();
      return;
    }
    const body = problem("unavailable", "Service unavailable", 503, "The server is shutting down; retry on another instance or shortly.", request.id);
    reply.code(503).headers({ "retry-after": "5", connection: "close" }).type(PROBLEM_CONTENT_TYPE).serializer(serializeProblem).send(body);
  });
  app.addHook("onResponse", (request, _reply, done) => {
    if ((request as { counted?: boolean }).counted) {
      inFlight--;
      if (inFlight === 0) settle?.();
    }
    done();
  });
  // A request whose client went away before the answer still ends.
  app.addHook("onRequestAbort", async (request) => {
    if (!(request as { counted?: boolean }).counted) return;
    (request as { counted?: boolean }).counted = false;
    inFlight--;
    if (inFlight === 0) settle?.();
  });
  return {
    get draining() {
      return draining;
    },
    async drain({ lingerMs, timeoutMs }) {
      draining = true;
      const idle = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (settle = resolve));
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
      await Promise.all([Promise.race([idle, deadline]), new Promise((resolve) => setTimeout(resolve, lingerMs).unref())]);
    },
    async stopListening(graceMs) {
      if (!app.server.listening) return;
      // net.Server's close, not http.Server's: the listener goes, connections stay (Fastify's close() later ends them).
      net.Server.prototype.close.call(app.server);
      await new Promise((resolve) => setTimeout(resolve, graceMs).unref());
    },
  };
}
