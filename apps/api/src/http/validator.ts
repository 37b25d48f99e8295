import type { FastifySchemaCompiler } from "fastify";
import type { FastifySchemaValidationError } from "fastify/types/schema.js";
import { validatorCompiler as zodValidatorCompiler } from "fastify-type-provider-zod";
import type { z } from "zod";

import type { FieldProblem } from "../errors.js";
import { findUnsafeStrings } from "./unsafe-strings.js";

const LOCATION: Record<string, NonNullable<FieldProblem["in"]>> = { body: "body", querystring: "query", params: "path", headers: "header" };

/**
 * The zod validator of every route, followed by the check for strings
 * PostgreSQL cannot store (see unsafe-strings.ts) on the parsed value: body,
 * query, path and headers all pass here, so a new field is covered without
 * anyone remembering to. A failure has the shape of a validation error, so it
 * answers 422 naming the field like any other.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const validate = zodValidatorCompiler(route);
  const location = LOCATION[route.httpPart ?? "body"] ?? "body";
  return (data: unknown) => {
    const result = validate(data) as { error?: Error | FastifySchemaValidationError[]; value?: unknown };
    if (result.error) return result;
    const problems = findUnsafeStrings(result.value, location);
    if (problems.length === 0) return result;
    const error: FastifySchemaValidationError[] = problems.map((p) => ({
      keyword: "unsafeString",
      instancePath: p.pointer === "/" ? "" : p.pointer,
      schemaPath: "#",
      params: {},
      message: p.detail,
    }));
    return { error };
  };
};
