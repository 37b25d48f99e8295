import { z } from "zod";

import type { FieldProblem } from "../errors.js";

/** Base of the stable `type` URIs; each names a class of problem, documented in docs/api.md. */
export const PROBLEM_BASE = "https://netraven.dev/problems/";

/** The RFC 9457 media type of every error response. */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** An RFC 9457 problem details object. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Stable machine code, the `type` slug in SCREAMING_SNAKE (`NOT_FOUND`). */
  code: string;
  /** The request id; the same value is in X-Request-ID and in the logs. */
  instance: string;
  errors?: FieldProblem[];
  /** Extension members (readiness checks, retry hints). */
  [extension: string]: unknown;
}

/** Builds a problem from a slug (`not-found`), a status and a human detail. */
export function problem(slug: string, title: string, status: number, detail: string, instance: string): Problem {
  return { type: `${PROBLEM_BASE}${slug}`, title, status, detail, code: slug.toUpperCase().replaceAll("-", "_"), instance };
}

/**
 * Serializes a problem the server produced itself (error handler, drain, load
 * shedding). Set with `reply.serializer(...)`, so a route's own schema for that
 * status (readiness declares a 503 with `checks`) never rejects a generic
 * problem and turns it into a 500. Problems are small; JSON.stringify is enough.
 */
export const serializeProblem = (payload: unknown): string => JSON.stringify(payload);

/** The problem schema, for the OpenAPI document. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string(),
    errors: z
      .array(z.object({ pointer: z.string(), in: z.enum(["body", "query", "path", "header"]).optional(), detail: z.string() }))
      .optional(),
  })
  .loose()
  .meta({ id: "Problem", description: "RFC 9457 problem details (application/problem+json)." });
