import type { FastifyInstance } from "fastify";

import { BadRequestError } from "../errors.js";

/** Deepest nesting of arrays and objects a JSON body may have (documented in docs/api.md). */
export const MAX_JSON_DEPTH = 32;

/**
 * Nesting depth of a JSON text, measured without parsing it: a body nested
 * 10,000 levels deep would cost JSON.parse and the validators the stack and
 * the CPU time the limit is meant to save. A linear scan that skips strings
 * is all this needs, so it is written out instead of taking a dependency.
 */
export function exceedsDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Replaces Fastify's JSON body parser with one that bounds the depth before
 * parsing; size is bounded by the server's bodyLimit before this runs. The
 * parse itself stays Fastify's (secure-json-parse: `__proto__` refused).
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    // parseAs "string" hands over a string.
    const text = body as string;
    if (exceedsDepth(text, MAX_JSON_DEPTH)) {
      done(new BadRequestError(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels; flatten it.`), undefined);
      return;
    }
    parse(request, text, done);
  });
}
