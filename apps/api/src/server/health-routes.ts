import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { PROBLEM_CONTENT_TYPE, problem } from "../http/problem.js";

const Check = z.object({ status: z.enum(["ok", "failed"]), reason: z.string().optional() });
const Checks = z.object({ shutdown: Check, database: Check, schema: Check });

/**
 * /livez (the process answers) and /readyz (database and schema ready, not
 * shutting down). Both public. Probes hit them every few seconds, so their
 * request logs are dropped below warn; failures still log.
 */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  const { readiness } = app.netraven;
  const zapp = app.withTypeProvider<ZodTypeProvider>();

  zapp.get(
    "/livez",
    {
      logLevel: "warn",
      config: { public: true, rateLimit: false },
      schema: { tags: ["health"], operationId: "livez", description: "The process is up. Never touches the database.", response: { 200: z.object({ status: z.literal("ok") }) } },
    },
    async () => ({ status: "ok" as const }),
  );

  zapp.get(
    "/readyz",
    {
      logLevel: "warn",
      config: { public: true, rateLimit: false },
      schema: {
        tags: ["health"],
        operationId: "readyz",
        description: "200 when SELECT 1 answers, schema-init's validation passes with nothing pending, and the server is not shutting down; else 503 problem+json naming the failed checks.",
        response: { 200: z.object({ status: z.literal("ready"), checks: Checks }), 503: z.object({ checks: Checks }).loose() },
      },
    },
    async (request, reply) => {
      const report = await readiness.check();
      if (report.ready) return { status: "ready" as const, checks: report.checks };
      const failed = Object.entries(report.checks)
        .filter(([, check]) => check.status === "failed" && check.reason !== "skipped")
        .map(([name, check]) => `${name} (${check.reason ?? "failed"})`);
      const body = { ...problem("unavailable", "Not ready", 503, `Failed checks: ${failed.join(", ")}.`, request.id), checks: report.checks };
      return reply.code(503).type(PROBLEM_CONTENT_TYPE).header("retry-after", "5").send(body);
    },
  );
}
