import fastifyRateLimit from "@fastify/rate-limit";
import fastifyUnderPressure from "@fastify/under-pressure";
import Fastify from "fastify";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";

import { authRoutes } from "../auth/auth-routes.js";
import { registerAuthentication } from "../auth/authenticate.js";
import { createTokenService } from "../auth/token-service.js";
import { createUserCache, READ_METHODS } from "../auth/user-cache.js";
import type { UserChangeListener } from "../auth/user-change-listener.js";
import { startUserChangeListener } from "../auth/user-change-listener.js";
import { mapError } from "../http/error-mapping.js";
import { registerMonitoring } from "../monitoring/register-monitoring.js";
import { clientErrorHandler, frameworkErrors, MAX_PARAM_LENGTH } from "../http/framework-errors.js";
import { registerJsonBodyParser } from "../http/json-body.js";
import { PROBLEM_CONTENT_TYPE, problem, serializeProblem } from "../http/problem.js";
import { trackAllowedMethods } from "../http/method-not-allowed.js";
import { genRequestId } from "../http/request-id.js";
import { RequestLogController, requestLoggerFactory } from "../http/request-logger.js";
import { JSON_API_HEADERS, securityHeaders } from "../http/security-headers.js";
import { serializerCompiler } from "../http/serializer.js";
import { validatorCompiler } from "../http/validator.js";
import { adminSettingRoutes } from "../resources/admin-settings.js";
import { auditLogRoutes } from "../resources/audit-logs.js";
import { backupRoutes } from "../resources/backups.js";
import { credentialTagRoutes } from "../resources/credentials/credential-tags.js";
import { credentialRoutes } from "../resources/credentials/credentials.js";
import { deviceCredentialRoutes } from "../resources/credentials/device-credentials.js";
import { rotateKeysRoute } from "../resources/credentials/rotate-keys.js";
import { deviceRoutes } from "../resources/devices.js";
import { jobLogRoutes } from "../resources/job-logs.js";
import { scheduledJobRoutes } from "../resources/scheduled-jobs.js";
import { tagRoutes } from "../resources/tags.js";
import { userRoutes } from "../resources/users.js";
import { API_VERSION } from "../version.js";
import type { AppContext, ServerDeps } from "./context.js";
import { healthRoutes } from "./health-routes.js";
import { registerOpenApi } from "./openapi.js";
import { registerDrain } from "./drain.js";
import { createReadiness } from "./readiness.js";

/** Largest accepted request body (a private key fits comfortably). */
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Builds the NetRaven API without listening, so tests can `inject` requests
 * or listen on a port of their choice. The database client stays owned by
 * the caller: close the server first, then the client.
 */
export async function createServer(deps: ServerDeps): Promise<FastifyInstance> {
  const clock = deps.clock ?? (() => new Date());
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    childLoggerFactory: requestLoggerFactory,
    // One log line per request, when it is answered (not Fastify's two).
    logController: new RequestLogController(),
    genReqId: genRequestId,
    requestIdHeader: false,
    // Fastify accepts a hop count at run time; its types omit the number form.
    trustProxy: deps.config.trustProxy as boolean | string,
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
    clientErrorHandler,
    forceCloseConnections: "idle",
    return503OnClosing: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerJsonBodyParser(app);

  const headers = securityHeaders({ contentSecurityPolicy: { directives: { "style-src": ["'self'", "'unsafe-inline'"] } } });
  const apiHeaders = { ...securityHeaders(JSON_API_HEADERS), "cache-control": "no-store" };
  const context: AppContext = {
    prisma: deps.db.prisma,
    pool: deps.db.pool,
    config: deps.config,
    clock,
    tokens: createTokenService({ secret: deps.config.jwt.secret, ttlSeconds: deps.config.jwt.ttlSeconds, clock }),
    users: createUserCache({ ttlMs: deps.config.userCacheTtlMs }),
    readiness: createReadiness({ pool: deps.db.pool, schema: deps.config.databaseSchema, cacheMs: deps.config.readinessCacheMs, clock }),
    // Security headers (HSTS, nosniff, frame-ancestors, a strict CSP; /api/ answers the JSON set, Swagger UI sends its
    // own policy with hashes) and the request id go out on every response, errors, 404s, 429s and the drain's 503 included. Swagger UI sets inline
    // styles; inline scripts stay forbidden. Every API answer is for one caller (tokens, users, credentials, settings):
    // no shared or browser cache may keep it.
    drain: registerDrain(app, (request, reply) => {
      reply.headers(request.url.startsWith("/api/") ? apiHeaders : headers).header("x-request-id", request.id);
    }),
  };
  app.decorate("netraven", context);
  // /metrics and /status on their own loopback listener (opened on ready, closed with the server), and the one
  // onResponse hook that counts requests by route template.
  registerMonitoring(app);
  // preClose runs as soon as close() is called, before in-flight requests
  // drain. Responses finished while closing carry `Connection: close`, so a
  // keep-alive client cannot hold the server open until its idle timeout.
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
    context.readiness.markShuttingDown();
  });
  // The user cache's listener runs while the server is ready; the cache stays off (every request reads its user)
  // until it is LISTENing, and when it is off for good (NETRAVEN_USER_CACHE_TTL_MS=0) the listener never starts.
  let userChanges: UserChangeListener | undefined;
  if (deps.config.userCacheTtlMs > 0) {
    app.addHook("onReady", async () => {
      userChanges = startUserChangeListener({ pool: deps.db.pool, schema: deps.config.databaseSchema, cache: context.users, logger: app.log });
    });
    app.addHook("onClose", async () => {
      await userChanges?.close();
    });
  }
  // Callback-style hooks here and in drain.ts: an async hook costs a promise and a microtask turn on every request.
  app.addHook("onSend", (request, reply, payload, done) => {
    if (closing || context.drain.draining) reply.header("connection", "close");
    // Any write may have changed a user (logout, password, role, status): its answer leaves only after the copies
    // here are gone, so the caller's next read in this process sees the change even before its notification arrives.
    // A write refused for want of a valid token changed nothing; it does not flush (a flood of them would otherwise
    // keep the cache empty).
    if (!READ_METHODS.has(request.method) && (request.user !== null || request.routeOptions.config.public)) context.users.flush();
    done(null, payload);
  });
  app.setErrorHandler((error, request, reply) => {
    const mapped = mapError(error, request.id, request.method);
    if (mapped.serverFault) request.log.error({ err: error }, "request failed");
    else request.log.info({ status: mapped.problem.status, code: (error as { code?: string }).code }, "request rejected");
    return reply.code(mapped.problem.status).headers(mapped.headers ?? {}).type(PROBLEM_CONTENT_TYPE).serializer(serializeProblem).send(mapped.problem);
  });
  const allowedMethods = trackAllowedMethods(app);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    const allowed = allowedMethods(path);
    if (allowed.length > 0) {
      const detail = `${request.method.slice(0, 16)} is not allowed here; use ${allowed.join(", ")}.`;
      return reply.code(405).header("allow", allowed.join(", ")).type(PROBLEM_CONTENT_TYPE).send(problem("method-not-allowed", "Method not allowed", 405, detail, request.id));
    }
    // The path is not echoed: it may carry a secret pasted in the wrong place.
    return reply.code(404).type(PROBLEM_CONTENT_TYPE).send(problem("not-found", "Not found", 404, "No route matches this method and path.", request.id));
  });

  // Only event-loop lag sheds load: utilisation is near 1 right after start-up
  // (module compilation) and would turn the first requests away.
  if (deps.config.maxEventLoopDelayMs > 0) {
    await app.register(fastifyUnderPressure, { maxEventLoopDelay: deps.config.maxEventLoopDelayMs, retryAfter: 5, exposeStatusRoute: false });
  }
  await app.register(fastifyRateLimit, {
    global: true,
    max: deps.config.rateLimit.max,
    timeWindow: deps.config.rateLimit.windowMs,
    // The limit guards against floods; it is not a quota to budget against. A 429 carries Retry-After and the
    // x-ratelimit-* headers; answers under the limit carry none: three headers fewer to write on every request and
    // for every client to parse (the load generator spent about 2 µs per header in the bench).
    addHeadersOnExceeding: { "x-ratelimit-limit": false, "x-ratelimit-remaining": false, "x-ratelimit-reset": false },
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Rate limit exceeded: retry in ${context.after}.`), { statusCode: context.statusCode, code: "FST_RATE_LIMITED" }),
  });
  await registerOpenApi(app, { production: deps.config.production, version: API_VERSION });
  registerAuthentication(app);

  for (const routes of [
    healthRoutes,
    authRoutes,
    userRoutes,
    deviceRoutes,
    tagRoutes,
    credentialRoutes,
    credentialTagRoutes,
    deviceCredentialRoutes,
    rotateKeysRoute,
    backupRoutes,
    jobLogRoutes,
    scheduledJobRoutes,
    adminSettingRoutes,
    auditLogRoutes,
  ]) {
    await app.register(routes);
  }
  return app;
}
