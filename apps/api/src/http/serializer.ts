import fastJson from "fast-json-stringify";
import type { FastifySerializerCompiler } from "fastify/types/schema.js";
import { serializerCompiler as zodSerializerCompiler } from "fastify-type-provider-zod";
import { z } from "zod";

type JsonSchema = Parameters<typeof fastJson>[0];

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
  let jsonSchema: JsonSchema;
  try {
    jsonSchema = z.toJSONSchema(route.schema, { io: "output", target: "draft-7" }) as JsonSchema;
  } catch {
    return zodSerializerCompiler(route);
  }
  return fastJson(nullableAsTypeList(jsonSchema) as JsonSchema);
};

const PRIMITIVE = new Set(["string", "number", "integer", "boolean"]);

/**
 * zod writes a nullable primitive as `anyOf: [X, {type: "null"}]`, and
 * fast-json-stringify picks an anyOf branch by running ajv on the value on
 * every write (the uuid and date-time patterns of every nullable field of every
 * row). `type: [X, "null"]` says the same and is written without validation.
 */
function nullableAsTypeList(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableAsTypeList);
  if (node === null || typeof node !== "object") return node;
  const entries = Object.entries(node).map(([key, value]) => [key, nullableAsTypeList(value)] as const);
  const schema = Object.fromEntries(entries) as Record<string, unknown>;
  const branches = schema.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2 || Object.keys(schema).length !== 1) return schema;
  const isNull = (b: unknown) => (b as { type?: unknown }).type === "null" && Object.keys(b as object).length === 1;
  const other = (isNull(branches[0]) ? branches[1] : isNull(branches[1]) ? branches[0] : undefined) as { type?: unknown } | undefined;
  if (typeof other?.type !== "string" || !PRIMITIVE.has(other.type)) return schema;
  return { ...other, type: [other.type, "null"] };
}
