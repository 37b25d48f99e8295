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

/** Problem responses for the OpenAPI document, by status. */
export function problems(...statuses: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemSchema]));
}

/** A query parameter that may repeat (`?tag=a&tag=b`), always an array after parsing. */
export const repeated = (item: z.ZodString) => z.union([item, z.array(item).max(20)]).transform((v) => (Array.isArray(v) ? v : [v]));
