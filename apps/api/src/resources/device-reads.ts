import type pg from "pg";

// The device list and the device by id are the hottest routes. Through Prisma
// 7.10 (findMany/findUnique + include: four statements per request) they ran
// at about 0.35x of the same reads on raw pg (bench/run.mjs), so they are read
// here with one hand-written statement on the shared pool, tags aggregated in
// SQL. Writes stay on Prisma, inside transactions with their audit rows.

const SELECT_DEVICE = `SELECT d.id, d.hostname, d.ip_address, d.device_type, d.port, d.description, d.serial_number,
  d.enabled, d.last_backup_at, d.last_backup_status, d.is_reachable, d.owner_id, d.created_at, d.updated_at,
  COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name)
            FROM device_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.device_id = d.id), '[]') AS tags
  FROM devices d`;

/** One device with its tags. */
export const DEVICE_BY_ID_SQL = `${SELECT_DEVICE} WHERE d.id = $1`;

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

const SORT_COLUMNS: Record<string, string> = {
  hostname: "d.hostname",
  ipAddress: "d.ip_address",
  deviceType: "d.device_type",
  createdAt: "d.created_at",
  updatedAt: "d.updated_at",
};

/** `%` and `_` in user input are literals in a "contains" filter. */
const escapeLike = (value: string) => value.replace(/[\\%_]/g, "\\$&");

/**
 * Builds the list and count statements. Values are always parameters; the
 * sort column comes from a fixed table, so nothing from the request is
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
  for (const name of query.tag ?? []) {
    params.push(name);
    where.push(`EXISTS (SELECT 1 FROM device_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.device_id = d.id AND t.name = $${params.length})`);
  }
  const whereSql = where.length > 0 ? ` WHERE ${where.join(" AND ")}` : "";
  const descending = query.sort.startsWith("-");
  const column = SORT_COLUMNS[descending ? query.sort.slice(1) : query.sort] ?? SORT_COLUMNS.hostname;
  const order = ` ORDER BY ${column} ${descending ? "DESC" : "ASC"}, d.id ASC`;
  return {
    list: `${SELECT_DEVICE}${whereSql}${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    count: `SELECT count(*)::int AS total FROM devices d${whereSql}`,
    params,
    page: [query.limit, query.offset],
  };
}

/** One page of devices and the total matching the filters (two statements in parallel). */
export async function listDeviceRows(pool: pg.Pool, query: DeviceListQuery): Promise<{ total: number; rows: DeviceReadRow[] }> {
  const sql = buildDeviceListSql(query);
  const [count, list] = await Promise.all([
    pool.query<{ total: number }>(sql.count, sql.params),
    pool.query<DeviceReadRow>(sql.list, [...sql.params, ...sql.page]),
  ]);
  return { total: count.rows[0]?.total ?? 0, rows: list.rows };
}

/** One device with its tags, or undefined. */
export async function readDeviceRow(pool: pg.Pool, id: string): Promise<DeviceReadRow | undefined> {
  return (await pool.query<DeviceReadRow>(DEVICE_BY_ID_SQL, [id])).rows[0];
}
