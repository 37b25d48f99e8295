import type pg from "pg";

import { queryPrepared } from "../server/prepared.js";

// The device list and the device by id are the hottest routes. Through Prisma
// 7.10 (findMany/findUnique + include: four statements per request) they ran
// at about 0.35x of the same reads on raw pg (bench/run.mjs), so they are read
// here with hand-written statements on the shared pool, tags aggregated in
// SQL. Writes stay on Prisma, inside transactions with their audit rows.
// All are prepared statements; the texts form a small fixed set (each of three
// filters present or not, x ten sort orders for lists), under a hundred per connection.

const DEVICE_COLUMNS = `d.id, d.hostname, d.ip_address, d.device_type, d.port, d.description, d.serial_number,
  d.enabled, d.last_backup_at, d.last_backup_status, d.is_reachable, d.owner_id, d.created_at, d.updated_at,
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
  last_backup_at: Date | null;
  last_backup_status: string | null;
  is_reachable: boolean | null;
  owner_id: string | null;
  created_at: Date;
  updated_at: Date;
  tags: { id: string; name: string }[];
}

/** Filters and page of a device list. */
export interface DeviceListQuery {
  limit: number;
  offset: number;
  /** A sort field, `-field` for descending. */
  sort: string;
  hostname?: string | undefined;
  deviceType?: string | undefined;
  /** Tag names; a device must carry all of them. */
  tag?: string[] | undefined;
}

/** Sortable fields; `unique` columns need no tie-breaker for a stable order. */
const SORT_COLUMNS: Record<string, { column: string; unique?: true }> = {
  hostname: { column: "d.hostname", unique: true },
  ipAddress: { column: "d.ip_address" },
  deviceType: { column: "d.device_type" },
  createdAt: { column: "d.created_at" },
  updatedAt: { column: "d.updated_at" },
};

/** `%` and `_` in user input are literals in a "contains" filter. */
const escapeLike = (value: string) => value.replace(/[\\%_]/g, "\\$&");

/**
 * Builds the list and count statements. Values are always parameters (the
 * tag names as one array, so any number of tags shares one statement text);
 * the sort column comes from a fixed table, so nothing from the request is
 * spliced into SQL text.
 */
export function buildDeviceListSql(query: DeviceListQuery): { list: string; count: string; params: unknown[]; page: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  if (query.hostname) {
    params.push(`%${escapeLike(query.hostname)}%`);
    where.push(`d.hostname ILIKE $${params.length}`);
  }
  if (query.deviceType) {
    params.push(query.deviceType);
    where.push(`d.device_type = $${params.length}`);
  }
  const tags = [...new Set(query.tag ?? [])];
  if (tags.length > 0) {
    params.push(tags);
    where.push(
      `d.id IN (SELECT dt.device_id FROM device_tags dt JOIN tags t ON t.id = dt.tag_id WHERE t.name = ANY($${params.length}::text[])` +
        ` GROUP BY dt.device_id HAVING count(*) = cardinality($${params.length}::text[]))`,
    );
  }
  const whereSql = where.length > 0 ? ` WHERE ${where.join(" AND ")}` : "";
  const descending = query.sort.startsWith("-");
  const sort = SORT_COLUMNS[descending ? query.sort.slice(1) : query.sort] ?? SORT_COLUMNS.hostname!;
  const order = ` ORDER BY ${sort.column} ${descending ? "DESC" : "ASC"}${sort.unique ? "" : ", d.id ASC"}`;
  // The page is cut first and the tags aggregated for its rows only: with the
  // aggregate in the outer list, PostgreSQL computed it for every skipped row too.
  const page = `SELECT d.* FROM devices d${whereSql}${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`;
  return {
    list: `SELECT ${DEVICE_COLUMNS} FROM (${page}) d${order}`,
    count: `SELECT count(*)::int AS total FROM devices d${whereSql}`,
    params,
    page: [query.limit, query.offset],
  };
}

/** One page of devices and the total matching the filters (two statements in parallel). */
export async function listDeviceRows(pool: pg.Pool, query: DeviceListQuery): Promise<{ total: number; rows: DeviceReadRow[] }> {
  const sql = buildDeviceListSql(query);
  const [count, list] = await Promise.all([
    queryPrepared<{ total: number }>(pool, sql.count, sql.params),
    queryPrepared<DeviceReadRow>(pool, sql.list, [...sql.params, ...sql.page]),
  ]);
  return { total: count.rows[0]?.total ?? 0, rows: list.rows };
}

/** One device with its tags, or undefined. */
export async function readDeviceRow(pool: pg.Pool, id: string): Promise<DeviceReadRow | undefined> {
  return (await queryPrepared<DeviceReadRow>(pool, DEVICE_BY_ID_SQL, [id])).rows[0];
}
