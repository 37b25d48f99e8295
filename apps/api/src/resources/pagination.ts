import { z } from "zod";

import type { CursorPosition } from "./cursor.js";

/** Largest page unless a resource sets its own (docs/api.md lists each). NetBox users rely on it being enforced. */
export const MAX_LIMIT = 1000;

/**
 * Deepest `offset`. OFFSET makes PostgreSQL read and drop every skipped row,
 * so a deep offset costs as much as the whole list; beyond this, walk with `cursor`.
 */
export const MAX_OFFSET = 10_000;

/**
 * With `count=auto`, `total` is counted exactly while at most this many rows
 * match (the count stops after this many + 1, so it costs the same at any
 * table size); above it, `total` is the planner's estimate and `totalExact` is false.
 */
export const EXACT_TOTAL_MAX = 1000;

/** How `total` is computed: `auto` exact up to {@link EXACT_TOTAL_MAX}, `exact` always, `none` not at all. */
export type CountMode = "auto" | "exact" | "none";

/** Options of a list's query schema. */
export interface PageQueryOptions {
  /** Largest `limit`. @default MAX_LIMIT */
  maxLimit?: number;
  /** @default 50 */
  defaultLimit?: number;
}

/**
 * Pagination and sorting query parameters: `limit`, `cursor` (the `next` of
 * the previous page), `offset` (bounded, not with `cursor`), `sort` one of the
 * fields (`-field` descending) and `count`.
 */
export function pageQuery<const F extends readonly [string, ...string[]]>(sortFields: F, defaultSort: F[number] | `-${F[number]}`, options: PageQueryOptions = {}) {
  const maxLimit = options.maxLimit ?? MAX_LIMIT;
  const sortValues = sortFields.flatMap((field) => [field, `-${field}`]) as [string, ...string[]];
  return z.object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(maxLimit)
      .default(options.defaultLimit ?? 50)
      .describe(`Page size, at most ${maxLimit}; a larger value is refused with 422, not cut down.`),
    cursor: z
      .string()
      .min(1)
      .max(4096)
      .optional()
      .describe("The `next` of the previous page, to read the page after it; send the same `sort` and filters. Not with `offset`. Opaque and signed per deployment: an edited or foreign cursor is a 422.")
      .meta({ examples: ["eyJ2IjoxLCJzIjoiaG9zdG5hbWUiLCJrIjpbImNvcmUtc3ctMDEuZXhhbXBsZS50ZXN0Il0sImkiOiIwMTkzYjdlMi01YzFhLTdjM2UtOWY0ZC0yYTZiOGMwZDFlMmYifQ.Gl_luITid5RZiVXPhi0aPQ"] }),
    offset: z.coerce
      .number()
      .int()
      .min(0)
      .max(MAX_OFFSET)
      .default(0)
      .describe(`Rows to skip, at most ${MAX_OFFSET}; deeper pages are read with \`cursor\`.`),
    sort: z.enum(sortValues).default(defaultSort).describe("Sort field; prefix with '-' for descending. Ties break on `id` in the same direction."),
    count: z
      .enum(["auto", "exact", "none"])
      .default("auto")
      .describe(`How \`total\` is computed: \`auto\` exactly up to ${EXACT_TOTAL_MAX} matching rows and estimated above (\`totalExact: false\`); \`exact\` always counts (slow on large tables); \`none\` leaves \`total\` null.`),
  });
}

/** The list envelope: `{ items, total, totalExact, limit, offset, next }`. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z
      .number()
      .int()
      .min(0)
      .nullable()
      .describe("Rows matching the filters: exact when `totalExact`, else the planner's estimate; null with `count=none` or when no cheap estimate exists."),
    totalExact: z.boolean().describe("Whether `total` is an exact count."),
    limit: z.number().int(),
    offset: z.number().int(),
    next: z
      .string()
      .nullable()
      .describe("Cursor of the next page (pass it as `cursor`); null on the last page.")
      .meta({ examples: ["eyJ2IjoxLCJzIjoiaG9zdG5hbWUiLCJrIjpbImNvcmUtc3ctNTAuZXhhbXBsZS50ZXN0Il0sImkiOiIwMTkzYjdlMi01YzFhLTdjM2UtOWY0ZC0yYTZiOGMwZDFlNTAifQ.tdfQEnZUeKlSiM2Phc8fOA"] }),
  });
}

/** What a list's reader gets: the page to read, the cursor already checked and decoded. */
export interface PageRequest {
  limit: number;
  offset: number;
  sort: string;
  after: CursorPosition | undefined;
  count: CountMode;
}

/** What a list's reader returns; `next` is the position of the last row when more rows follow. */
export interface PageResult<Item = unknown> {
  items: Item[];
  next: CursorPosition | undefined;
  total: number | null;
  totalExact: boolean;
}

/**
 * With `count=auto`, a list whose estimate is above this many rows is not
 * counted at all: even a count that stops after EXACT_TOTAL_MAX + 1 rows can
 * cost as much as the page when the matching rows are found through a bitmap
 * (a trigram or tag index), which reads every match first.
 */
export const ESTIMATE_ONLY_ABOVE = 10 * EXACT_TOTAL_MAX;

/** How a list counts: the planner's estimate (null when there is none) and a count that may stop after `limit` rows. */
export interface TotalSources {
  estimate: () => Promise<number | null>;
  countUpTo: (limit: number | undefined) => Promise<number>;
}

/** The `total` and `totalExact` of a page for a count mode (see {@link EXACT_TOTAL_MAX} and {@link ESTIMATE_ONLY_ABOVE}). */
export async function pageTotal(count: CountMode, sources: TotalSources): Promise<{ total: number | null; totalExact: boolean }> {
  if (count === "none") return { total: null, totalExact: false };
  if (count === "exact") return { total: await sources.countUpTo(undefined), totalExact: true };
  const estimated = await sources.estimate();
  if (estimated !== null && estimated > ESTIMATE_ONLY_ABOVE) return { total: estimated, totalExact: false };
  const counted = await sources.countUpTo(EXACT_TOTAL_MAX + 1);
  if (counted <= EXACT_TOTAL_MAX) return { total: counted, totalExact: true };
  // The planner can guess below what was just counted; the count is a floor.
  return { total: estimated === null ? null : Math.max(estimated, counted), totalExact: false };
}
