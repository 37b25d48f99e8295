import type { FastifyInstance } from "fastify";

interface KnownPath {
  pattern: RegExp;
  methods: Set<string>;
}

// `/api/devices/:id` -> ^/api/devices/[^/]+$ ; `*` matches the rest.
function toPattern(url: string): RegExp {
  const source = url
    .replace(/\/+$/, "")
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment === "*" ? ".*" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source || "/"}$`);
}

/**
 * Remembers every route's path and methods, so a request for a known path
 * with another method (TRACE included) answers 405 with `Allow` instead of
 * 404. Fastify's router only knows "no route for this method and path".
 */
export function trackAllowedMethods(app: FastifyInstance): (path: string) => string[] {
  const known = new Map<string, KnownPath>();
  app.addHook("onRoute", (route) => {
    const entry = known.get(route.url) ?? { pattern: toPattern(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) entry.methods.add(method);
    known.set(route.url, entry);
  });
  return (path) => {
    const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
    const allowed = new Set<string>();
    for (const { pattern, methods } of known.values()) if (pattern.test(trimmed)) methods.forEach((m) => allowed.add(m));
    return [...allowed].sort();
  };
}
