import fastJson from "fast-json-stringify";
import type { FastifySerializerCompiler } from "fastify/types/schema.js";
import { serializerCompiler as zodSerializerCompiler } from "fastify-type-provider-zod";
import { z } from "zod";

/**
 * Response serializers compiled from each route's zod output schema: the zod
 * schema stays the documentation (OpenAPI) and the source of truth, and its
 * JSON Schema is compiled once with fast-json-stringify, Fastify's own
 * serializer. fastify-type-provider-zod's serializer ran zod's parse on every
 * response, which measured about 155 µs of the device list's ~1,560 µs CPU per
 * request (bench, --cpu-prof); fast-json-stringify writes the same bytes at
 * about the cost of JSON.stringify. Like zod's parse it writes only the
 * declared properties, so a column added to a row never leaks into a
 * response. A schema JSON Schema cannot express (a transform) keeps zod.
 */
export const serializerCompiler: FastifySerializerCompiler<z.ZodType> = (route) => {
  let jsonSchema: Parameters<typeof fastJson>[0];
  try {
    jsonSchema = z.toJSONSchema(route.schema, { io: "output", target: "draft-7" }) as Parameters<typeof fastJson>[0];
  } catch {
    return zodSerializerCompiler(route);
  }
  return fastJson(jsonSchema);
};
