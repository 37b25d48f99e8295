import type { CursorKey } from "./cursor.js";
import type { PageRequest, PageResult } from "./pagination.js";
import { pageTotal } from "./pagination.js";

/** The Prisma delegate methods a list uses. */
export interface ListDelegate {
  findMany(args: object): Promise<unknown[]>;
  count(args: object): Promise<number>;
}

/** One list read through Prisma with keyset pagination. */
export interface PrismaPageSpec {
  model: ListDelegate;
  /** The filters, as a Prisma `where`. */
  where: object;
  /** Sort columns (Prisma field names), most significant first; `id` breaks ties. */
  keys: string[];
  descending: boolean;
  /** Whether a sort column can be null (PostgreSQL sorts nulls last ascending, first descending). */
  nullable: (field: string) => boolean;
  include?: object;
  /** Estimated rows of the whole table, for `total` of an unfiltered list past the exact threshold. */
  estimateAll?: () => Promise<number | null>;
}

const MS = 1;

/**
 * The rows strictly after the cursor in (keys..., id) order, as a Prisma
 * `where`. Prisma reads and compares timestamps in milliseconds, so a
 * timestamp key stands for its whole millisecond, where rows order by id:
 * exact for every row Prisma wrote (millisecond values) and for rows that
 * share one statement's now(); see docs/api.md.
 */
export function keysetWhere(keys: string[], values: CursorKey[], id: string, descending: boolean, nullable: (field: string) => boolean): object {
  const idAfter = { id: descending ? { lt: id } : { gt: id } };
  const after = (index: number): object => {
    const field = keys[index];
    if (field === undefined) return idAfter;
    const value = values[index] ?? null;
    const rest = after(index + 1);
    if (value === null) {
      // Nulls come last ascending, so only nulls follow; descending they come first, so every non-null follows.
      return descending ? { OR: [{ [field]: { not: null } }, { AND: [{ [field]: null }, rest] }] } : { AND: [{ [field]: null }, rest] };
    }
    const { beyond, same } = compare(field, value, descending);
    const branches: object[] = [beyond, { AND: [same, rest] }];
    if (!descending && nullable(field)) branches.push({ [field]: null });
    return { OR: branches };
  };
  const first = keys[0];
  const firstValue = values[0] ?? null;
  // A plain range on the leading column lets PostgreSQL start the index scan at the cursor instead of filtering from the top.
  if (first === undefined || firstValue === null || nullable(first)) return after(0);
  const range = typeof firstValue === "object" ? (descending ? { lt: endOfMs(firstValue) } : { gte: firstValue.date }) : descending ? { lte: firstValue } : { gte: firstValue };
  return { AND: [{ [first]: range }, after(0)] };
}

function compare(field: string, value: Exclude<CursorKey, null>, descending: boolean): { beyond: object; same: object } {
  if (typeof value === "object") {
    const end = endOfMs(value)!;
    return descending
      ? { beyond: { [field]: { lt: value.date } }, same: { [field]: { gte: value.date, lt: end } } }
      : { beyond: { [field]: { gte: end } }, same: { [field]: { gte: value.date, lt: end } } };
  }
  return { beyond: { [field]: descending ? { lt: value } : { gt: value } }, same: { [field]: value } };
}

const endOfMs = (value: CursorKey): string | undefined =>
  typeof value === "object" && value !== null ? new Date(new Date(value.date).getTime() + MS).toISOString() : undefined;

/** A row's sort keys as cursor keys (timestamps as `{ date }`). */
export function cursorKeys(row: Record<string, unknown>, keys: string[]): CursorKey[] {
  return keys.map((field) => {
    const value = row[field];
    if (value instanceof Date) return { date: value.toISOString() };
    if (typeof value === "bigint") return Number(value);
    return (value ?? null) as CursorKey;
  });
}

/** Prisma `orderBy` for the keys and the id tie-breaker, all in one direction (one index serves it both ways). */
export function keysetOrder(keys: string[], descending: boolean): Record<string, "asc" | "desc">[] {
  const direction = descending ? "desc" : "asc";
  return [...keys, "id"].map((field) => ({ [field]: direction }));
}

/** One page: `limit` + 1 rows to learn whether another follows, and the total the count mode asks for. */
export async function readPrismaPage(spec: PrismaPageSpec, page: PageRequest): Promise<PageResult<Record<string, unknown>>> {
  const { model, keys, descending } = spec;
  const position = page.after ? keysetWhere(keys, page.after.keys, page.after.id, descending, spec.nullable) : undefined;
  const where = position ? { AND: [spec.where, position] } : spec.where;
  const filtered = Object.keys(spec.where).length > 0;
  const [rows, total] = await Promise.all([
    model.findMany({ where, orderBy: keysetOrder(keys, descending), skip: page.offset, take: page.limit + 1, ...(spec.include ? { include: spec.include } : {}) }) as Promise<Record<string, unknown>[]>,
    pageTotal(page.count, {
      // Prisma cannot EXPLAIN its own queries, so a filtered list has no estimate.
      estimate: async () => (filtered || !spec.estimateAll ? null : spec.estimateAll()),
      countUpTo: (take) => model.count({ where: spec.where, ...(take ? { take } : {}) }),
    }),
  ]);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  const next = rows.length > page.limit && last ? { sort: page.sort, keys: cursorKeys(last, keys), id: String(last.id) } : undefined;
  return { items, next, ...total };
}
