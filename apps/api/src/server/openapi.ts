import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance, RouteOptions } from "fastify";
import { createJsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";

import { ProblemSchema } from "../http/problem.js";
import { tidyDocument } from "./openapi-document.js";
import type { OpenApiDocument } from "./openapi-document.js";

/** Extension on every operation that only administrators may call; tests and clients read it. */
export const ADMIN_EXTENSION = "x-netraven-admin";

type RouteConfig = { public?: boolean; admin?: boolean; rateLimit?: unknown };

/**
 * The problem statuses a route can answer whatever its handler does, from
 * what the server does before and around it: 400 (unreadable URL or JSON),
 * 503 (database down, overloaded, shutting down), 401/429 on authenticated
 * and rate-limited routes, 403 on admin routes, 413/415/422 with a body,
 * 422 with parameters, 404 and 414 (segment too long) with path parameters.
 */
export function standardStatuses(route: Pick<RouteOptions, "url" | "schema">, config: RouteConfig): number[] {
  const schema = (route.schema ?? {}) as { body?: unknown; querystring?: unknown; params?: unknown };
  const statuses = [400, 503];
  if (!config.public) statuses.push(401);
  if (config.rateLimit !== false) statuses.push(429);
  if (config.admin) statuses.push(403);
  if (schema.body) statuses.push(413, 415, 422);
  if (schema.querystring || schema.params) statuses.push(422);
  if (route.url.includes(":")) statuses.push(404, 414);
  return statuses;
}

// `listJobLogEntries` -> "List job log entries".
const summaryFrom = (operationId: string) => {
  const words = operationId.replace(/([A-Z])/g, " $1").toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * OpenAPI 3.1 generated from the same zod schemas that validate requests,
 * served at /openapi.json with Swagger UI at /docs. An onRoute hook marks
 * each operation's security from its route config (public or bearer, admin),
 * adds the problem responses every route can give, and a summary.
 */
export async function registerOpenApi(app: FastifyInstance, options: { production: boolean; version: string }): Promise<void> {
  app.addHook("onRoute", (route) => {
    if (route.url.startsWith("/docs")) {
      route.config = { ...route.config, public: true, rateLimit: false } as typeof route.config;
      return;
    }
    const config = (route.config ?? {}) as RouteConfig;
    if (!route.schema) return;
    const schema = route.schema as Record<string, unknown> & { response?: Record<string, unknown>; operationId?: string; summary?: string; hide?: boolean };
    if (schema.hide) return;
    schema.security = config.public ? [] : [{ bearerAuth: [] }];
    if (config.admin) schema[ADMIN_EXTENSION] = true;
    if (!schema.summary && schema.operationId) schema.summary = summaryFrom(schema.operationId);
    const response = { ...schema.response };
    for (const status of standardStatuses(route, config)) response[status] ??= ProblemSchema;
    schema.response = response;
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "NetRaven API",
        version: options.version,
        description: "Network device inventory, credentials and configuration backups. Errors are RFC 9457 problem details (application/problem+json); docs/api.md lists them.",
      },
      servers: [{ url: "/", description: "This server" }],
      components: { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    },
    transform: createJsonSchemaTransform({ skipList: [] }),
    transformObject: (input) => tidyDocument(jsonSchemaTransformObject(input) as OpenApiDocument) as ReturnType<typeof jsonSchemaTransformObject>,
  });

  await app.register(fastifySwaggerUi, {
    routePrefix: "/docs",
    // With helmet's CSP in force, the UI sends its own policy for its files. Swagger UI sets style
    // attributes at run time, which style hashes cannot allow: its style-src takes 'unsafe-inline'
    // (a hash beside it would disable that). Scripts keep their hashes.
    staticCSP: true,
    transformStaticCSP: (header) => header.replace(/style-src [^;]*;/, "style-src 'self' 'unsafe-inline';"),
    // Anonymous "try it out" against a production server invites mistakes.
    uiConfig: options.production ? { supportedSubmitMethods: [] } : {},
  });

  app.get("/openapi.json", { config: { public: true, rateLimit: false }, schema: { hide: true } }, async () => app.swagger());
}
