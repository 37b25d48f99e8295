import type { JsonSchema, Operation } from "./openapi.js";

/** One generated request that must be rejected with a 4xx. */
export interface MalformedRequest {
  label: string;
  method: Operation["method"];
  url: string;
  payload?: string;
  contentType?: string;
}

/** mulberry32: a tiny seeded PRNG, so a failure reproduces from its seed. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const typeOf = (schema: JsonSchema): string => {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  return type ?? (schema.anyOf ? typeOf(schema.anyOf.find((s) => s.type !== "null") ?? {}) : "unknown");
};

/** Values that can never satisfy a property of the given schema. */
function wrongValues(schema: JsonSchema, random: () => number): unknown[] {
  const huge = "x".repeat(1000 + Math.floor(random() * 100_000));
  const values: Record<string, unknown[]> = {
    string: [12345, true, { nested: "object" }, ["array"]],
    integer: ["abc", 1.5, "1e999", { n: 1 }, true],
    number: ["abc", { n: 1 }, [1], true],
    boolean: ["yes", 1, "true ", {}],
    array: [{}, "x", 5],
    object: ["x", 5, [1, 2]],
  };
  const result = [...(values[typeOf(schema)] ?? [])];
  if (schema.maxLength !== undefined) result.push(huge);
  if (schema.enum) result.push("not-one-of-the-values");
  if (schema.format === "uuid") result.push("not-a-uuid", "123e4567-e89b-12d3-a456-42661417400Z");
  if (schema.minimum !== undefined) result.push(schema.minimum - 1 - Math.floor(random() * 1e6));
  return result;
}

/** Query values that can never satisfy a parameter (all arrive as strings). */
function wrongQueryValues(schema: JsonSchema): string[] {
  const result: string[] = [];
  const type = typeOf(schema);
  if (type === "integer" || type === "number") result.push("abc", "1.5e", "NaN", "--1");
  if (schema.minimum !== undefined) result.push(String(schema.minimum - 1));
  if (schema.maximum !== undefined) result.push(String(schema.maximum + 1));
  if (schema.enum) result.push("zz-not-allowed");
  if (schema.format === "uuid") result.push("not-a-uuid");
  if (schema.maxLength !== undefined) result.push("y".repeat(schema.maxLength + 1));
  return result;
}

const BAD_PATH_VALUES = ["not-a-uuid", "1", "' OR '1'='1", "%00", "a".repeat(190), "../../etc/passwd", "☃"];
const BROKEN_JSON = ['{"a":', "[1,2", "{'single':'quotes'}", "nul", '{"a":1}}', "\u0000", '{"__proto__":{"x":1},'];

/**
 * Generates malformed variants of every operation from its OpenAPI schemas:
 * bad path parameters, out-of-range or mistyped query values, bodies with
 * missing required fields, wrong types, over-long strings, unknown fields,
 * broken JSON, wrong content types and oversize payloads.
 */
export function generateMalformedRequests(operations: Operation[], fill: (op: Operation) => string, random: () => number): MalformedRequest[] {
  const requests: MalformedRequest[] = [];
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
  for (const op of operations) {
    const url = fill(op);
    const validBody = () => JSON.stringify(sampleBody(op.body));
    const withBody = (label: string, payload: string, contentType = "application/json") =>
      requests.push({ label: `${op.operationId}: ${label}`, method: op.method, url, payload, contentType });

    for (const param of op.parameters.filter((p) => p.in === "path")) {
      for (const bad of BAD_PATH_VALUES) {
        const badUrl = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(name === param.name ? bad : new URL(url, "http://x").pathname.split("/")[op.path.split("/").indexOf(`{${name}}`)] ?? ""));
        requests.push({ label: `${op.operationId}: path ${param.name}=${bad.slice(0, 12)}`, method: op.method, url: badUrl, ...(op.body ? { payload: validBody(), contentType: "application/json" } : {}) });
      }
    }
    for (const param of op.parameters.filter((p) => p.in === "query")) {
      for (const bad of wrongQueryValues(param.schema)) {
        requests.push({ label: `${op.operationId}: query ${param.name}`, method: op.method, url: `${url}?${param.name}=${encodeURIComponent(bad)}` });
      }
    }
    if (!op.body) continue;
    const properties = Object.entries(op.body.properties ?? {});
    for (const field of op.body.required ?? []) {
      const body = sampleBody(op.body) as Record<string, unknown>;
      delete body[field];
      withBody(`missing ${field}`, JSON.stringify(body));
    }
    for (const [name, schema] of properties) {
      for (const value of wrongValues(schema, random)) {
        withBody(`wrong ${name}`, JSON.stringify({ ...(sampleBody(op.body) as object), [name]: value }));
      }
    }
    withBody("unknown field", JSON.stringify({ ...(sampleBody(op.body) as object), [`zz_${Math.floor(random() * 1e6)}`]: "x" }));
    for (const broken of BROKEN_JSON) withBody(`broken json ${broken.slice(0, 6)}`, broken);
    withBody("empty json body", "");
    withBody("json array", JSON.stringify([sampleBody(op.body)]));
    withBody("json scalar", pick(["1", '"text"', "null", "true"]));
    withBody("form content type", "a=1&b=2", "application/x-www-form-urlencoded");
    withBody("text content type", validBody(), "text/plain");
    withBody("oversize body", JSON.stringify({ blob: "z".repeat(1024 * 1024 + 10) }));
    withBody("deep nesting", `${"[".repeat(5000)}${"]".repeat(5000)}`);
  }
  return requests;
}

/** A body that satisfies the schema's types, used as the base that one mutation breaks. */
function sampleBody(schema: JsonSchema | undefined): unknown {
  if (!schema) return {};
  const out: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (!(schema.required ?? []).includes(name)) continue;
    out[name] = sampleValue(property);
  }
  return out;
}

function sampleValue(schema: JsonSchema): unknown {
  if (schema.enum) return schema.enum[0];
  if (schema.format === "uuid") return "00000000-0000-4000-8000-00000000000a";
  if (schema.format === "email") return "someone@example.test";
  const type = typeOf(schema);
  if (type === "integer" || type === "number") return schema.minimum ?? 1;
  if (type === "boolean") return true;
  if (type === "array") return [];
  if (type === "object") return {};
  return "x".repeat(Math.max(schema.minLength ?? 1, 1));
}
