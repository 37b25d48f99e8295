import { readFileSync } from "node:fs";

import { Ajv2019 } from "ajv/dist/2019.js";

import { composeSpecSchemaPath } from "../paths.js";

// The schema declares four formats of its own (the ones compose-go registers);
// without them Ajv would reject the schema. The patterns follow compose-go.
const COMPOSE_FORMATS: Record<string, RegExp> = {
  duration: /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/,
  ports: /^(?:(?:\[[0-9a-fA-F:]+\]|[0-9.]+):)?(?:\d+(?:-\d+)?:)?\d+(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/,
  expose: /^\d+(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/,
  subnet_ip_address: /^(?:[0-9.]+|[0-9a-fA-F:]+)\/\d{1,3}$/,
};

let validator: ReturnType<Ajv2019["compile"]> | undefined;

// The schema carries draft-04 `id` annotations, which Ajv 8 refuses; they
// identify nothing the schema references, so they are dropped. Its `$schema`
// spells the 2019-09 meta-schema with http and a trailing #, which Ajv knows
// as https without one.
function withoutIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === "id" && typeof value === "string"))
      .map(([key, value]) => [key, withoutIds(value)]),
  );
}

function compileValidator(): ReturnType<Ajv2019["compile"]> {
  const schema = withoutIds(JSON.parse(readFileSync(composeSpecSchemaPath, "utf8"))) as Record<string, unknown>;
  schema.$schema = "https://json-schema.org/draft/2019-09/schema";
  const ajv = new Ajv2019({ allErrors: true, strict: true, allowUnionTypes: true });
  for (const [name, pattern] of Object.entries(COMPOSE_FORMATS)) ajv.addFormat(name, pattern);
  return ajv.compile(schema);
}

/**
 * Validates an interpolated compose document against the Compose
 * Specification schema; returns one message per violation (empty when valid).
 */
export function validateComposeSpec(document: unknown): string[] {
  validator ??= compileValidator();
  if (validator(document)) return [];
  return (validator.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? "is invalid"} ${JSON.stringify(error.params)}`);
}
