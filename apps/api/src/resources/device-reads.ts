import type pg from "pg";

import { queryPrepared } from "../server/prepared.js";
import type { CursorKey } from "./cursor.js";
import type { CountMode, PageResult } from "./pagination.js";
import { pageTotal } from "./pagination.js";
import { estimateQueryRows, estimateTableRows } from "./row-estimates.js";

// The device list and the device by id are the hottest routes. Through Prisma
// 7.10 (findMany/findUnique + include: four statements per request) they ran
// at about 0.35x of the same reads on raw pg (bench/run.mjs), so they are read
// here with hand-written statements on the shared pool, tags aggregated in
// SQL. Writes stay on Prisma, inside transactions with their audit rows.
//
// The list is cut by keyset (the cursor's sort key and id) and every order has
// an index, so a page costs the same at any depth and table size. Statements
// without a hostname or tag filter are prepared (a small fixed set: deviceType
// or not, x ten orders, x cursor or not, plus the counts); with either filter
// the best plan depends on the value (a tag on every device is best walked in
// hostname order, a rare one best read from device_tags), so those are planned
// on each execution.

// Timestamps leave PostgreSQL as the API's ISO text (UTC, milliseconds, as
// Date.prototype.toISOString writes them; to_char's MS truncates like a Date).
// Parsed into a Date by pg and written back with toISOString they cost about
// 4 µs of the API's one thread per timestamp, three per device (--cpu-prof of
// the by-id open loop); to_char is a fraction of that in PostgreSQL.
const isoText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const DEVICE_COLUMNS = `d.id, d.hostname, d.ip_address, d.device_type, d.port, d.description, d.serial_number,
  d.enabled, ${isoText("d.last_backup_at")} AS last_backup_at, d.last_backup_status, d.is_reachable, d.owner_id,
  ${isoText("d.created_at")} AS created_at, ${isoText("d.updated_at")} AS updated_at,
  COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name)
            FROM device_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.device_id = d.id), '[]') AS tags`;

/** One device with its tags. */
export const DEVICE_BY_ID_SQL = `SELECT ${DEVICE_COLUMNS} FROM devices d WHERE d.id = $1`;

/** A device row as the statements above return it. */
export interface DeviceReadRow {
  id: string;
  hostname: string;
  ip_address: string;
  device_type: string;
  port: number;
  description: string | null;
  serial_number: string | null;
  enabled: boolean;
  /** ISO 8601 in UTC with milliseconds, like the two below. */
  last_backup_at: string | null;
  last_backup_status: string | null;
  is_reachable: boolean | null;
  owner_id: string | null;
  created_at: string;
  updated_at: string;
  tags: { id: string; name: string }[];
}

/** Filters and page of a device list. */
export interface DeviceListQuery {
  limit: number;
  offset: number;
  /** A sort field, `-field` for descending. */
  sort: string;
  /** Start after this row (the cursor's keys and id). */
  after?: { keys: CursorKey[]; id: string } | undefined;
  /** @default "auto" */
  count?: CountMode | undefined;
  hostname?: string | undefined;
  deviceType?: string | undefined;
  /** Tag names; a device must carry all of them. */
  tag?: string[] | undefined;
}

/**
 * Sortable fields. `key` is the cursor's text form of the column (timestamps
 * with microseconds, so no row is skipped or repeated), `type` its cast back;
 * `unique` columns need no tie-breaker.
 */
const SORT_COLUMNS: Record<string, { column: string; key: string; type: string; unique?: true }> = {
  hostname: { column: "d.hostname", key: "d.hostname", type: "text", unique: true },
  ipAddress: { column: "d.ip_address", key: "d.ip_address", type: "text" },
  deviceType: { column: "d.device_type", key: "d.device_type", type: "text" },
  createdAt: { column: "d.created_at", key: `to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, type: "timestamptz" },
  updatedAt: { column: "d.updated_at", key: `to_char(d.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, type: "timestamptz" },
};

/**
 * How far a hostname-filtered list first walks its order's index. PostgreSQL
 * prices a "contains" filter matching 1% of a million devices cheaper through
 * the trigram index (read all 10,000 matches, then sort) than by walking the
 * hostname order until 50 match (about 5,000 rows), and measured 138 ms against
 * 10. The walk is fenced so a rare fragment costs at most this many rows
 * before the planner's plan runs.
 */
export const FENCE_ROWS = 10_000;

/** `%` and `_` in user input are literals in a "contains" filter. */
const escapeLike = (value: string) => value.replace(/[\\%_]/g, "\\$&");

/** The statements of one list request. `prepare` is false when the plan should follow the values. */
export interface DeviceListSql {
  list: string;
  /** Counts the matching rows, stopping after `$n` rows (the parameter after `params`). */
  countUpTo: string;
  /** Counts every matching row. */
  countAll: string;
  /** The filtered rows, for EXPLAIN's estimate. */
  matching: string;
  /** With a hostname filter: the page from the first {@link FENCE_ROWS} rows in order. */
  fenced: string | undefined;
  params: unknown[];
  page: unknown[];
  prepare: boolean;
}

/**
 * Builds the list and count statements. Values are always parameters (the
 * tag ids as one array, so any number of tags beyond the first shares one
 * statement text); the sort column comes from a fixed table, so nothing from
 * the request is spliced into SQL text. `tagIds` are the ids of `query.tag`.
 */
export function buildDeviceListSql(query: DeviceListQuery, tagIds: string[] = []): DeviceListSql {
  const params: unknown[] = [];
  const where: string[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (query.hostname) where.push(`d.hostname ILIKE ${param(`%${escapeLike(query.hostname)}%`)}`);
  if (query.deviceType) where.push(`d.device_type = ${param(query.deviceType)}`);
  const [first, ...rest] = tagIds;
  // Semi-joins on the link table: PostgreSQL may walk the order's index and
  // probe device_tags' primary key per row, or start from device_tags_tag_id_idx.
  if (first !== undefined) where.push(`EXISTS (SELECT 1 FROM device_tags dt WHERE dt.device_id = d.id AND dt.tag_id = ${param(first)}::uuid)`);
  if (rest.length > 0) {
    where.push(
      `NOT EXISTS (SELECT 1 FROM unnest(${param(rest)}::uuid[]) AS w(id) WHERE NOT EXISTS (SELECT 1 FROM device_tags dt WHERE dt.device_id = d.id AND dt.tag_id = w.id))`,
    );
  }
  const filters = [...where];
  const descending = query.sort.startsWith("-");
  const sort = SORT_COLUMNS[descending ? query.sort.slice(1) : query.sort] ?? SORT_COLUMNS.hostname!;
  const direction = descending ? "DESC" : "ASC";
  if (query.after) {
    const [key] = query.after.keys;
    // Cursors are signed per list, so this is a bug, not a request to answer.
    if (typeof key !== "string") throw new TypeError("A device list cursor key must be a string.");
    const op = descending ? "<" : ">";
    where.push(
      sort.unique
        ? `${sort.column} ${op} ${param(key)}::${sort.type}`
        : `(${sort.column}, d.id) ${op} (${param(key)}::${sort.type}, ${param(query.after.id)}::uuid)`,
    );
  }
  const whereSql = (conditions: string[]) => (conditions.length > 0 ? ` WHERE ${conditions.join(" AND ")}` : "");
  const order = ` ORDER BY ${sort.column} ${direction}${sort.unique ? "" : `, d.id ${direction}`}`;
  // The page is cut first and the tags aggregated for its rows only: with the
  // aggregate in the outer list, PostgreSQL computed it for every skipped row too.
  const page = `SELECT d.*, ${sort.key} AS sort_key FROM devices d${whereSql(where)}${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`;
  const matching = `SELECT 1 FROM devices d${whereSql(filters)}`;
  const fencedPage = fencedPageSql(sort === SORT_COLUMNS.hostname, filters, where.slice(filters.length), order, sort.key, params.length);
  const filterParams = params.slice(0, params.length - (query.after ? (sort.unique ? 1 : 2) : 0));
  return {
    list: `SELECT ${DEVICE_COLUMNS}, d.sort_key FROM (${page}) d${order}`,
    countUpTo: `SELECT count(*)::int AS total FROM (${matching} LIMIT $${filterParams.length + 1}) c`,
    countAll: `SELECT count(*)::int AS total FROM (${matching}) c`,
    matching,
    fenced: query.hostname ? `SELECT ${DEVICE_COLUMNS}, d.sort_key FROM (${fencedPage}) d${order}` : undefined,
    params: filterParams,
    page: [...params.slice(filterParams.length), query.limit + 1, query.offset],
    prepare: !query.hostname && tagIds.length === 0,
  };
}

/** Ids of the named tags, or undefined when one of them does not exist (then no device matches). */
async function resolveTagIds(pool: pg.Pool, names: string[]): Promise<string[] | undefined> {
  const unique = [...new Set(names)];
  if (unique.length === 0) return [];
  const { rows } = await queryPrepared<{ id: string; name: string }>(pool, "SELECT id, name FROM tags WHERE name = ANY($1::text[])", [unique]);
  if (rows.length < unique.length) return undefined;
  // In the order asked, so the first tag named drives the plan the same way on every call.
  return unique.map((name) => rows.find((row) => row.name === name)!.id);
}

/** One page of devices, the position after it, and the total the count mode asks for. */
export async function listDeviceRows(pool: pg.Pool, query: DeviceListQuery): Promise<PageResult<DeviceReadRow>> {
  const count = query.count ?? "auto";
  const tagIds = await resolveTagIds(pool, query.tag ?? []);
  if (tagIds === undefined) return { items: [], next: undefined, total: count === "none" ? null : 0, totalExact: count !== "none" };
  const sql = buildDeviceListSql(query, tagIds);
  const run = <Row extends pg.QueryResultRow>(text: string, values: unknown[]) => (sql.prepare ? queryPrepared<Row>(pool, text, values) : pool.query<Row>(text, values));
  const filtered = sql.params.length > 0;
  const [list, total] = await Promise.all([
    readPage(sql, query.limit, run),
    pageTotal(count, {
      estimate: () => (filtered ? estimateQueryRows(pool, sql.matching, sql.params) : estimateTableRows(pool, "devices")),
      countUpTo: async (limit) =>
        (await (limit === undefined ? run<{ total: number }>(sql.countAll, sql.params) : run<{ total: number }>(sql.countUpTo, [...sql.params, limit]))).rows[0]?.total ?? 0,
    }),
  ]);
  const rows = list.rows.slice(0, query.limit);
  const last = rows.at(-1);
  const next = list.rows.length > query.limit && last ? { sort: query.sort, keys: [last.sort_key], id: last.id } : undefined;
  return { items: rows, next, ...total };
}

/**
 * The page from the first FENCE_ROWS rows of the order (OFFSET 0 keeps
 * PostgreSQL from flattening the walk into the outer query). In hostname
 * order the walk reads hostnames alone, an index-only scan of
 * devices_hostname_key, and joins the matches back: at a million devices the
 * heap reads of a full walk cost more than the filter itself.
 */
function fencedPageSql(byHostname: boolean, filters: string[], position: string[], order: string, key: string, values: number): string {
  const page = ` LIMIT $${values + 1} OFFSET $${values + 2}`;
  const whereSql = (conditions: string[]) => (conditions.length > 0 ? ` WHERE ${conditions.join(" AND ")}` : "");
  if (!byHostname) {
    const walk = `SELECT d.* FROM devices d${whereSql(position)}${order} LIMIT ${FENCE_ROWS} OFFSET 0`;
    return `SELECT d.*, ${key} AS sort_key FROM (${walk}) d${whereSql(filters)}${order}${page}`;
  }
  // The hostname filter is always the first filter.
  const [hostname, ...others] = filters;
  const walk = `SELECT d.hostname FROM devices d${whereSql(position)}${order} LIMIT ${FENCE_ROWS} OFFSET 0`;
  return `SELECT d.*, ${key} AS sort_key FROM (SELECT d.hostname FROM (${walk}) d WHERE ${hostname}) w JOIN devices d ON d.hostname = w.hostname${whereSql(others)}${order}${page}`;
}

type ListRow = DeviceReadRow & { sort_key: string };

/** The page rows (limit + 1 to tell whether more follow): the fenced walk when it found them, else the planner's plan. */
async function readPage(sql: DeviceListSql, limit: number, run: <Row extends pg.QueryResultRow>(text: string, values: unknown[]) => Promise<pg.QueryResult<Row>>) {
  const values = [...sql.params, ...sql.page];
  if (sql.fenced) {
    const fenced = await run<ListRow>(sql.fenced, values);
    // A full page plus one: the first matches in order. Fewer: the rest may lie beyond the fence.
    if (fenced.rows.length > limit) return fenced;
  }
  return run<ListRow>(sql.list, values);
}

/** One device with its tags, or undefined. */
export async function readDeviceRow(pool: pg.Pool, id: string): Promise<DeviceReadRow | undefined> {
  return (await queryPrepared<DeviceReadRow>(pool, DEVICE_BY_ID_SQL, [id])).rows[0];
}
