import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { createJsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";

type OpenApiDocument = { paths?: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>> };

// Error responses are served as application/problem+json (RFC 9457); the
// generator labels every response application/json, so relabel 4xx/5xx.
function withProblemMediaType<T extends OpenApiDocument>(document: T): T {
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = response.content?.["application/json"];
        if (Number(status) >= 400 && json && response.content) {
          response.content = { "application/problem+json": json };
        }
      }
    }
  }
  return document;
}

/** Extension on every operation that only administrators may call; tests and clients read it. */
export const ADMIN_EXTENSION = "x-netraven-admin";

/**
 * OpenAPI 3.1 generated from the same zod schemas that validate requests,
 * served at /openapi.json with Swagger UI at /docs. An onRoute hook marks
 * each operation's security from its route config (public or bearer, admin).
 */
export async function registerOpenApi(app: FastifyInstance, options: { production: boolean; version: string }): Promise<void> {
  app.addHook("onRoute", (route) => {
    if (route.url.startsWith("/docs")) {
      route.config = { ...route.config, public: true, rateLimit: false } as typeof route.config;
      return;
    }
    const config = (route.config ?? {}) as { public?: boolean; admin?: boolean };
    if (!route.schema) return;
    const schema = route.schema as Record<string, unknown>;
    schema.security = config.public ? [] : [{ bearerAuth: [] }];
    if (config.admin) schema[ADMIN_EXTENSION] = true;
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "NetRaven API",
        version: options.version,
        description: "Network device inventory, credentials and configuration backups. Errors are RFC 9457 problem details.",
      },
      components: { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    },
    transform: createJsonSchemaTransform({ skipList: [] }),
    transformObject: (input) => withProblemMediaType(jsonSchemaTransformObject(input) as OpenApiDocument),
  });

  await app.register(fastifySwaggerUi, {
    routePrefix: "/docs",
    // Anonymous "try it out" against a production server invites mistakes.
    uiConfig: options.production ? { supportedSubmitMethods: [] } : {},
  });

  app.get("/openapi.json", { config: { public: true, rateLimit: false }, schema: { hide: true } }, async () => app.swagger());
}
