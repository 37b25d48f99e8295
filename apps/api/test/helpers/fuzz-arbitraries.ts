import fc from "fast-check";

/** The JSON Schema subset the generators read. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  default?: unknown;
}

/** Strings PostgreSQL or its drivers cannot take, and other classics. */
export const hostileString = fc.oneof(
  fc.constantFrom("\u0000", "a\u0000b", "\uD800", "x\uDFFFy", "\uDBFF\uDBFF", "'; DROP TABLE users; --", "%00", "../../etc/passwd", "\u202Eevil", "𝕏"),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => "z".repeat(n)),
);
/** Numbers past every column's range, negative, fractional, and at the edges of the integer types. */
export const hostileNumber = fc.oneof(
  fc.constantFrom(1e15, -1e15, 1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, -1, 0, 0.5, -0.000001),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
/** Dates at and past PostgreSQL's and JavaScript's limits. */
export const extremeDate = fc.constantFrom(
  "0000-01-01T00:00:00Z",
  "0001-01-01T00:00:00+14:00",
  "9999-12-31T23:59:59.999Z",
  "1969-12-31T23:59:59Z",
  "-000001-01-01T00:00:00Z",
  "+275760-09-13T00:00:00Z",
  "2024-02-30T00:00:00Z",
  "2026-13-01T00:00:00Z",
);
/** Free-form JSON nested up to far past the server's depth limit. */
export const deepJson = fc.integer({ min: 2, max: 3000 }).map((depth) => {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { k: value };
  return value;
});
const hostileValue = fc.oneof(hostileString, hostileNumber, extremeDate, fc.constant(null), fc.boolean(), deepJson);

/** Ids of real rows, so generated requests reach the handlers and not only the 404s. */
export type IdPool = Record<string, string[]>;

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  uuid: fc.uuid(),
  "date-time": fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => d.toISOString()),
  email: fc.emailAddress(),
  ipv4: fc.ipV4(),
  ipv6: fc.ipV6(),
};

/**
 * An arbitrary for a schema of the served document: mostly values the schema
 * allows (so requests get past validation into the database), mixed with
 * hostile ones (NUL, surrogates, huge and negative numbers, extreme dates,
 * deep nesting).
 */
export function arbitraryFor(schema: Schema, context: FuzzContext, name = "", depth = 0): fc.Arbitrary<unknown> {
  const valid = validArbitrary(schema, context, name, depth);
  if (context.hostility === 0) return valid;
  // A schema-valid string with a NUL or a lone surrogate slipped in gets past validation shape checks.
  const tainted = valid.chain((value) =>
    typeof value === "string" ? fc.tuple(fc.nat(value.length), fc.constantFrom("\u0000", "\uD800", "\uDFFF")).map(([at, bad]) => value.slice(0, at) + bad + value.slice(at)) : fc.constant(value),
  );
  return fc.oneof({ arbitrary: valid, weight: context.hostility }, { arbitrary: tainted, weight: 1 }, { arbitrary: hostileValue, weight: 1 });
}

/** What the generators draw on: the document's refs, real ids, and how often a value turns hostile (1 in hostility + 2; 0 = never). */
export interface FuzzContext {
  resolve: (ref: string) => Schema;
  ids: IdPool;
  hostility: number;
}

function validArbitrary(input: Schema, context: FuzzContext, name: string, depth: number): fc.Arbitrary<unknown> {
  const schema = input.$ref ? context.resolve(input.$ref) : input;
  const { ids } = context;
  const recurse = (s: Schema, n = "") => arbitraryFor(s, context, n, depth + 1);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return fc.oneof(...variants.map((s) => validArbitrary(s, context, name, depth)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => validArbitrary({ ...schema, type }, context, name, depth)));
  switch (types[0]) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({ min: Math.max(schema.minimum ?? -1e6, -(2 ** 31)), max: Math.min(schema.maximum ?? 1e6, 2 ** 31 - 1) });
    case "number":
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case "string":
      return stringArbitrary(schema, ids, name);
    case "array":
      return depth > 4 ? fc.constant([]) : fc.array(recurse(schema.items ?? {}), { maxLength: Math.min(schema.maxItems ?? 4, 4) });
    case "object": {
      if (depth > 4) return fc.constant({});
      const properties = Object.entries(schema.properties ?? {});
      if (properties.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });
      const record = fc.record(Object.fromEntries(properties.map(([key, s]) => [key, recurse(s, key)])), { requiredKeys: schema.required ?? [] });
      // Now and then an unknown key (mass assignment, prototype pollution).
      if (context.hostility === 0) return record;
      return fc.tuple(record, fc.option(fc.constantFrom("isAdmin", "__proto__", "id", "zz_unknown"), { freq: 4 * context.hostility })).map(([value, extra]) =>
        extra === null ? value : Object.defineProperty({ ...value }, extra, { value: true, enumerable: true, configurable: true, writable: true }),
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 3 });
  }
}

function stringArbitrary(schema: Schema, ids: IdPool, name: string): fc.Arbitrary<string> {
  const known = ids[name];
  const format = schema.format ? FORMATS[schema.format] : undefined;
  let base: fc.Arbitrary<string>;
  if (schema.format === "date-time") base = fc.oneof(FORMATS["date-time"]!, extremeDate);
  else if (format) base = format;
  else if (schema.pattern) base = fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 10_000));
  else base = fc.string({ unit: "grapheme-ascii", minLength: Math.max(schema.minLength ?? 0, 1), maxLength: Math.min(schema.maxLength ?? 40, 40) }).filter((s) => s.trim().length > 0);
  return known && known.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 3 }, { arbitrary: base, weight: 1 }) : base;
}

/**
 * Percent-encodes a query or path value, lone surrogates included: those
 * have no UTF-8 form, so they go out as the three bytes a naive encoder
 * would write, which the server must refuse cleanly.
 */
export function encodeComponent(value: string): string {
  let out = "";
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    } else out += encodeURIComponent(char);
  }
  return out;
}
