import { Ajv2020 } from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

const COMPONENTS_ID = "https://netraven.test/openapi/components";

type Responses = Record<string, { content?: Record<string, { schema?: unknown }> }>;

/**
 * Checks responses against the served OpenAPI document with ajv: the status
 * must be one the operation documents, and the body must match the schema
 * documented for that status and media type.
 */
export function createResponseValidator(components: Record<string, unknown>) {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  // ajv-formats is CommonJS: under ESM its function arrives as the `default` property.
  const formats = addFormats as unknown as { default?: (target: Ajv2020) => void } & ((target: Ajv2020) => void);
  (formats.default ?? formats)(ajv);
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!node || typeof node !== "object") return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, key === "$ref" && typeof value === "string" ? value.replace("#/components/schemas/", `${COMPONENTS_ID}#/schemas/`) : rewrite(value)]),
    );
  };
  ajv.addSchema({ $id: COMPONENTS_ID, schemas: rewrite(components) });
  const cache = new Map<unknown, ValidateFunction>();

  return (responses: Responses, status: number, contentType: string | undefined, body: string): string | undefined => {
    const documented = responses[String(status)];
    if (!documented) return `status ${status} is not documented (documented: ${Object.keys(responses).join(", ")})`;
    if (status === 204 || !documented.content) return body.length === 0 ? undefined : `status ${status} should have no body`;
    const mediaType = (contentType ?? "").split(";")[0]?.trim() ?? "";
    const schema = documented.content[mediaType]?.schema;
    if (!schema) return `media type ${mediaType || "(none)"} is not documented for ${status} (documented: ${Object.keys(documented.content).join(", ")})`;
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile(rewrite(schema) as object);
      cache.set(schema, validate);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return `body is not JSON: ${body.slice(0, 80)}`;
    }
    return validate(parsed) ? undefined : `body does not match the documented ${status} schema: ${ajv.errorsText(validate.errors)}`;
  };
}
