/** The parts of an OpenAPI document this module rewrites. */
export interface OpenApiDocument {
  paths?: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown> };
  [key: string]: unknown;
}
interface OpenApiOperation {
  responses?: Record<string, { description?: string; content?: Record<string, unknown> }>;
  [key: string]: unknown;
}

const REF_PREFIX = "#/components/schemas/";
const DESCRIPTIONS: Record<string, string> = {
  200: "OK",
  201: "Created",
  204: "No content",
  400: "Malformed request: unreadable URL or JSON, or JSON nested too deep",
  401: "Missing, invalid, expired or revoked token; or failed login",
  403: "Authenticated but not allowed (administrators only)",
  404: "No such resource",
  409: "Conflicts with existing data",
  413: "Request body too large",
  414: "A path segment is too long",
  415: "Body is not application/json",
  422: "A field is invalid; `errors[]` names each one",
  429: "Too many requests; see Retry-After",
  503: "Database unreachable or restarting, overloaded, or shutting down; see Retry-After",
};
// Real values for formats, so the docs page shows an id and not "string".
const FORMAT_EXAMPLES: Record<string, string> = {
  uuid: "3f2c8e0a-6b1d-4c5e-9a7f-2d4b6c8e0a1b",
  "date-time": "2026-01-31T08:30:00.000Z",
  email: "operator@example.com",
  ipv4: "192.0.2.10",
  ipv6: "2001:db8::10",
};

function walk(node: unknown, visit: (object: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((item) => walk(item, visit));
  else if (node && typeof node === "object") {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((value) => walk(value, visit));
  }
}

function referencedSchemas(document: OpenApiDocument): Set<string> {
  const schemas = document.components?.schemas ?? {};
  const used = new Set<string>();
  const pending: unknown[] = [document.paths];
  while (pending.length > 0) {
    walk(pending.pop(), (object) => {
      const ref = object.$ref;
      if (typeof ref !== "string" || !ref.startsWith(REF_PREFIX)) return;
      const name = ref.slice(REF_PREFIX.length);
      if (used.has(name)) return;
      used.add(name);
      pending.push(schemas[name]);
    });
  }
  return used;
}

/**
 * fastify-type-provider-zod registers every named schema twice (`X` for
 * responses, `XInput` for requests). A request schema is only ever used as
 * a request and a response schema as a response, so each concept keeps one
 * name: `XInput` becomes `X` where `X` itself is unused, and what nothing
 * refers to is dropped.
 */
function oneSchemaPerConcept(document: OpenApiDocument): void {
  const schemas = document.components?.schemas ?? {};
  const used = referencedSchemas(document);
  const renames = new Map<string, string>();
  for (const name of used) {
    const base = name.replace(/Input$/, "");
    if (base !== name && !used.has(base)) renames.set(name, base);
  }
  walk(document, (object) => {
    const ref = object.$ref;
    if (typeof ref !== "string" || !ref.startsWith(REF_PREFIX)) return;
    const renamed = renames.get(ref.slice(REF_PREFIX.length));
    if (renamed) object.$ref = `${REF_PREFIX}${renamed}`;
  });
  const kept: Record<string, unknown> = {};
  for (const name of referencedSchemas(document)) {
    // zod's `$id`/`$schema` in a component make Swagger UI resolve refs against the wrong base ("string" examples).
    const { $id: _id, $schema: _schema, ...schema } = (schemas[name] ?? schemas[`${name}Input`]) as Record<string, unknown>;
    kept[name] = schema;
  }
  if (document.components) document.components.schemas = Object.fromEntries(Object.entries(kept).sort(([a], [b]) => a.localeCompare(b)));
}

// Errors are served as application/problem+json (RFC 9457) and 204 has no body;
// the generator labels every response application/json with "Default Response".
function tidyResponses(document: OpenApiDocument): void {
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (!response.description || response.description === "Default Response") response.description = DESCRIPTIONS[status] ?? "Response";
        const json = response.content?.["application/json"];
        if (status === "204") delete response.content;
        else if (Number(status) >= 400 && json) response.content = { "application/problem+json": json };
      }
    }
  }
}

function addFormatExamples(document: OpenApiDocument): void {
  walk(document, (object) => {
    const example = typeof object.format === "string" ? FORMAT_EXAMPLES[object.format] : undefined;
    if (example && object.examples === undefined && object.type === "string") object.examples = [example];
  });
}

/** Post-processes the generated document into one that validates and reads well. */
export function tidyDocument<T extends OpenApiDocument>(document: T): T {
  oneSchemaPerConcept(document);
  tidyResponses(document);
  addFormatExamples(document);
  return document;
}
