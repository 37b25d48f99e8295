import type { FastifyInstance } from "fastify";

import { ADMIN_EXTENSION } from "../../src/index.js";

/** One operation of the served OpenAPI document. */
export interface Operation {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** OpenAPI path template, e.g. /api/devices/{id}. */
  path: string;
  operationId: string;
  public: boolean;
  admin: boolean;
  parameters: { name: string; in: string; required?: boolean; schema: JsonSchema }[];
  body?: JsonSchema;
}

/** The subset of JSON Schema the tests read. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  $ref?: string;
  default?: unknown;
}

interface Document {
  paths: Record<string, Record<string, { operationId: string; security?: unknown[]; parameters?: Operation["parameters"]; requestBody?: { content: Record<string, { schema: JsonSchema }> }; [ADMIN_EXTENSION]?: boolean }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Reads /openapi.json and lists every operation with its auth requirements and input schemas ($refs resolved). */
export async function readOperations(app: FastifyInstance): Promise<Operation[]> {
  const response = await app.inject({ method: "GET", url: "/openapi.json" });
  const document = response.json() as Document;
  const resolve = (schema: JsonSchema | undefined): JsonSchema | undefined => {
    if (!schema?.$ref) return schema;
    return document.components?.schemas?.[schema.$ref.split("/").pop() ?? ""];
  };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const body = resolve(op.requestBody?.content["application/json"]?.schema);
      return {
        method: method.toUpperCase() as Operation["method"],
        path,
        operationId: op.operationId,
        public: Array.isArray(op.security) && op.security.length === 0,
        admin: op[ADMIN_EXTENSION] === true,
        parameters: (op.parameters ?? []).map((p) => ({ ...p, schema: resolve(p.schema) ?? {} })),
        ...(body ? { body } : {}),
      };
    }),
  );
}

/** Fills path parameters: `{id}` and friends get the given value. */
export function fillPath(path: string, value: (name: string) => string): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(value(name)));
}
