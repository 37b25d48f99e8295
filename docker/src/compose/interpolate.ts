// Compose variable interpolation, as `docker compose` applies it to a compose
// file: $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error},
// ${VAR?error}, ${VAR:+alt}, ${VAR+alt}, nested defaults, and $$ for a literal
// dollar. A lone `$` is an error there too, so we reject it the same way.

/** Thrown when a template is malformed or a required (`:?`/`?`) variable is missing. */
export class InterpolationError extends Error {
  constructor(
    message: string,
    /** The variable whose `:?` check failed, if that is the cause. */
    readonly variable?: string,
  ) {
    super(message);
    this.name = "InterpolationError";
  }
}

/** Returns a variable's value, or undefined when it is unset. */
export type Lookup = (name: string) => string | undefined;

interface Context {
  lookup: Lookup;
  /** When set, record every variable name and evaluate no condition (never throws for missing values). */
  collect?: Set<string>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/;

function closingBrace(text: string, open: number): number {
  let depth = 1;
  for (let j = open + 1; j < text.length; j++) {
    if (text[j] === "$" && text[j + 1] === "{") {
      depth++;
      j++;
    } else if (text[j] === "}" && --depth === 0) {
      return j;
    }
  }
  return -1;
}

function expandBraced(body: string, text: string, ctx: Context): string {
  const match = BRACED.exec(body);
  if (!match) throw new InterpolationError(`Invalid interpolation "\${${body}}" in ${JSON.stringify(text)}.`);
  const [, name = "", op, arg = ""] = match;
  ctx.collect?.add(name);
  if (ctx.collect) {
    expand(arg, ctx);
    return "";
  }
  const value = ctx.lookup(name);
  const missing = op?.startsWith(":") ? value === undefined || value === "" : value === undefined;
  switch (op) {
    case ":-":
    case "-":
      return missing ? expand(arg, ctx) : (value ?? "");
    case ":?":
    case "?":
      if (missing) throw new InterpolationError(`${name}: ${expand(arg, ctx) || "required variable is not set"}`, name);
      return value ?? "";
    case ":+":
    case "+":
      return missing ? "" : expand(arg, ctx);
    default:
      return value ?? "";
  }
}

function expand(text: string, ctx: Context): string {
  let out = "";
  for (let i = 0; i < text.length; ) {
    if (text[i] !== "$") {
      out += text[i++];
      continue;
    }
    if (text[i + 1] === "$") {
      out += "$";
      i += 2;
      continue;
    }
    if (text[i + 1] === "{") {
      const end = closingBrace(text, i + 1);
      if (end < 0) throw new InterpolationError(`Unclosed "\${" in ${JSON.stringify(text)}.`);
      out += expandBraced(text.slice(i + 2, end), text, ctx);
      i = end + 1;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1))?.[0];
    if (!name) throw new InterpolationError(`A lone "$" in ${JSON.stringify(text)}: write "$$" for a literal dollar.`);
    ctx.collect?.add(name);
    out += ctx.collect ? "" : (ctx.lookup(name) ?? "");
    i += 1 + name.length;
  }
  return out;
}

function walk(value: unknown, path: string, map: (text: string, path: string) => string): unknown {
  if (typeof value === "string") return map(value, path);
  if (Array.isArray(value)) return value.map((item, index) => walk(item, `${path}[${index}]`, map));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, path ? `${path}.${key}` : key, map)]));
  }
  return value;
}

/** Interpolates one string. */
export function interpolateString(text: string, lookup: Lookup): string {
  return expand(text, { lookup });
}

/**
 * Interpolates every string value of a parsed compose document (keys are left
 * alone, as compose does). Errors name the path of the value.
 */
export function interpolate<T>(document: T, lookup: Lookup): T {
  return walk(document, "", (text, path) => {
    try {
      return expand(text, { lookup });
    } catch (error) {
      if (!(error instanceof InterpolationError)) throw error;
      throw new InterpolationError(`${path}: ${error.message}`, error.variable);
    }
  }) as T;
}

/** Every variable name a compose document reads, defaults and error branches included. */
export function collectVariables(document: unknown): Set<string> {
  const names = new Set<string>();
  walk(document, "", (text) => expand(text, { lookup: () => undefined, collect: names }));
  return names;
}

/** Every variable a compose document requires with `:?` or `?`. */
export function requiredVariables(document: unknown): Set<string> {
  const names = new Set<string>();
  walk(document, "", (text) => {
    for (const match of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?\?/g)) names.add(match[1] ?? "");
    return text;
  });
  return names;
}
