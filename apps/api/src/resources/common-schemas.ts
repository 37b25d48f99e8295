import { z } from "zod";

import { ProblemSchema } from "../http/problem.js";

/** `{id}` path parameter. A malformed id is a 422 naming `id`, never a database error. */
export const IdParams = z.object({ id: z.uuid() });

/** ISO-8601 timestamp in responses. */
export const Timestamp = z.iso.datetime({ offset: true });

/**
 * An ISO-8601 timestamp in a request, as a Date. Years 1 to 9999 in UTC:
 * PostgreSQL's timestamptz has no year 0, and a four-digit year is what the
 * format allows.
 */
export const DateTimeInput = z.iso
  .datetime({ offset: true })
  .refine((text) => {
    const year = new Date(text).getUTCFullYear();
    return year >= 1 && year <= 9999;
  }, "must be between 0001-01-01 and 9999-12-31 (UTC)")
  .meta({ examples: ["2026-01-31T08:30:00Z"] });

/** A Date column, or null, as an ISO-8601 string. */
export function iso(date: Date): string;
export function iso(date: Date | null): string | null;
export function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** Largest page. NetBox users rely on it being enforced. */
export const MAX_LIMIT = 1000;

/**
 * Pagination and sorting query parameters: `limit` 1..1000 (default 50),
 * `offset` >= 0, `sort` one of the fields, `-field` for descending.
 */
export function pageQuery<const F extends readonly [string, ...string[]]>(sortFields: F, defaultSort: F[number] | `-${F[number]}`) {
  const sortValues = sortFields.flatMap((field) => [field, `-${field}`]) as [string, ...string[]];
  return z.object({
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(50).describe(`Page size, at most ${MAX_LIMIT}.`),
    offset: z.coerce.number().int().min(0).max(2_147_483_647).default(0).describe("Rows to skip."),
    sort: z.enum(sortValues).default(defaultSort).describe("Sort field; prefix with '-' for descending."),
  });
}

/** The list envelope: `{ items, total, limit, offset }`. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}

/** Prisma `orderBy` for a `sort` value, with the id as tie-breaker so pages are stable. */
export function orderBy(sort: string): Record<string, "asc" | "desc">[] {
  const descending = sort.startsWith("-");
  const field = descending ? sort.slice(1) : sort;
  return field === "id" ? [{ id: descending ? "desc" : "asc" }] : [{ [field]: descending ? "desc" : "asc" }, { id: "asc" }];
}

/** Problem responses for the OpenAPI document, by status. */
export function problems(...statuses: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemSchema]));
}

/** A query parameter that may repeat (`?tag=a&tag=b`), always an array after parsing. */
export const repeated = (item: z.ZodString) => z.union([item, z.array(item).max(20)]).transform((v) => (Array.isArray(v) ? v : [v]));
