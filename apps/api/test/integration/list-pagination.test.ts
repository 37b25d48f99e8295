import { validateSchema } from "@netraven/schema-init";
import { describe, expect, it } from "vitest";

import { useTestApp } from "../helpers/test-app.js";

const t = useTestApp();

interface Page<T = Record<string, unknown>> {
  items: T[];
  total: number | null;
  totalExact: boolean;
  limit: number;
  offset: number;
  next: string | null;
}
interface Problem {
  status: number;
  errors?: { pointer: string; in?: string; detail: string }[];
}

async function get<T = Record<string, unknown>>(url: string): Promise<Page<T>> {
  const response = await t().call("GET", url, { token: t().adminToken });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Page<T>;
}

async function refused(url: string): Promise<Problem> {
  const response = await t().call("GET", url, { token: t().adminToken });
  expect(response.statusCode, response.body).toBe(422);
  expect(response.headers["content-type"]).toContain("application/problem+json");
  return response.json() as Problem;
}

const sql = (text: string, values: unknown[] = []) => t().db.pool.query(text, values);

/** Follows `next` from the first page (or from `cursor`); `between` runs before each following page. */
async function walk<T extends { id: string }>(url: string, between: (page: number) => Promise<void> = async () => undefined, cursor?: string): Promise<T[]> {
  const seen: T[] = [];
  let page = await get<T>(cursor ? `${url}&cursor=${encodeURIComponent(cursor)}` : url);
  for (let n = 1; ; n++) {
    seen.push(...page.items);
    if (page.next === null) return seen;
    expect(n, "walk does not end").toBeLessThan(500);
    await between(n);
    page = await get<T>(`${url}&cursor=${encodeURIComponent(page.next)}`);
  }
}

let batch = 0;

// Many ties on every order: one created_at per statement, microseconds apart in groups, few device types, shared addresses.
async function seedWalkDevices(prefix: string, count: number): Promise<void> {
  batch = (batch + 1) % 250;
  await sql(
    `INSERT INTO devices (hostname, ip_address, port, device_type, created_at, updated_at)
     SELECT $1 || lpad(i::text, 4, '0'), '198.51.' || $3::int || '.' || (i % 40), 1000 + i, 'walk_' || (i % 3),
            timestamptz '2026-01-01 00:00:00Z' + (i % 7) * interval '1 microsecond', now()
     FROM generate_series(1, $2::int) AS i`,
    [prefix, count, batch],
  );
}

describe("device list: keyset pagination", () => {
  it.each(["hostname", "-hostname", "ipAddress", "-deviceType", "createdAt", "-createdAt", "updatedAt"])(
    "walks sort=%s returning every row once while rows are inserted and deleted",
    async (sort) => {
      await sql("DELETE FROM devices");
      await seedWalkDevices("walk-", 240);
      const initial = new Set((await sql("SELECT id FROM devices")).rows.map((row: { id: string }) => row.id));
      const deleted = new Set<string>();
      const victims = [...initial];
      const seen = await walk<{ id: string; hostname: string }>(`/api/devices?limit=17&sort=${sort}&count=none`, async (page) => {
        // Between pages: new rows anywhere in the order, and deletions both behind and ahead of the cursor.
        await seedWalkDevices(`walk-new-${page}-`, 3);
        for (const id of [victims[page * 13], victims[240 - page * 11]]) {
          if (id === undefined) continue;
          deleted.add(id);
          await sql("DELETE FROM devices WHERE id = $1", [id]);
        }
      });
      const ids = seen.map((device) => device.id);
      expect(new Set(ids).size, "no device is returned twice").toBe(ids.length);
      const missing = [...initial].filter((id) => !deleted.has(id) && !ids.includes(id));
      expect(missing, "every device present throughout the walk is returned").toEqual([]);
    },
  );

  it("orders pages exactly as PostgreSQL orders the rows, microsecond ties included", async () => {
    await sql("DELETE FROM devices");
    await seedWalkDevices("order-", 60);
    for (const [sort, order] of [
      ["createdAt", "created_at ASC, id ASC"],
      ["-createdAt", "created_at DESC, id DESC"],
      ["-ipAddress", "ip_address DESC, id DESC"],
    ] as const) {
      const expected = (await sql(`SELECT id FROM devices ORDER BY ${order}`)).rows.map((row: { id: string }) => row.id);
      expect((await walk<{ id: string }>(`/api/devices?limit=7&sort=${sort}`)).map((d) => d.id), sort).toEqual(expected);
    }
    // A hostname filter first walks the order's index (fenced), alone or with other filters.
    for (const [query, where, order] of [
      ["hostname=ORDER-00&sort=-hostname", "hostname ILIKE '%order-00%'", "hostname DESC"],
      ["hostname=der-0&deviceType=walk_1&sort=createdAt", "hostname ILIKE '%der-0%' AND device_type = 'walk_1'", "created_at, id"],
    ] as const) {
      const expected = (await sql(`SELECT id FROM devices WHERE ${where} ORDER BY ${order}`)).rows.map((row: { id: string }) => row.id);
      expect(expected.length).toBeGreaterThan(5);
      expect((await walk<{ id: string }>(`/api/devices?limit=2&${query}`)).map((d) => d.id), query).toEqual(expected);
    }
  });

  it("filters by tag through the link table, one tag or several, on every page", async () => {
    await sql("DELETE FROM devices");
    await seedWalkDevices("tagged-", 90);
    await sql("INSERT INTO tags (name) VALUES ('red'), ('blue') ON CONFLICT DO NOTHING");
    await sql(`INSERT INTO device_tags (device_id, tag_id)
               SELECT d.id, t.id FROM devices d JOIN tags t ON (t.name = 'red' AND right(d.hostname, 4)::int % 3 = 0) OR (t.name = 'blue' AND right(d.hostname, 4)::int % 5 = 0)`);
    const expected = async (names: string[]) =>
      (
        await sql(
          `SELECT d.hostname FROM devices d WHERE (SELECT count(*) FROM device_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.device_id = d.id AND t.name = ANY($1)) = cardinality($1) ORDER BY d.hostname`,
          [names],
        )
      ).rows.map((row: { hostname: string }) => row.hostname);
    const red = await walk<{ id: string; hostname: string; tags: { name: string }[] }>("/api/devices?tag=red&limit=4");
    expect(red.map((d) => d.hostname)).toEqual(await expected(["red"]));
    expect(red.every((d) => d.tags.some((tag) => tag.name === "red"))).toBe(true);
    const both = await walk<{ id: string; hostname: string }>("/api/devices?tag=red&tag=blue&limit=2&sort=-hostname");
    expect(both.map((d) => d.hostname)).toEqual((await expected(["red", "blue"])).reverse());
    expect(both.length).toBe(6);
    expect(await get("/api/devices?tag=red&tag=no-such-tag")).toMatchObject({ items: [], total: 0, totalExact: true, next: null });
    expect(await get("/api/devices?tag=blue&limit=1")).toMatchObject({ total: 18, totalExact: true });
  });
});

describe("list contract", () => {
  it("answers a tampered, garbage or foreign cursor with a 422 naming cursor, and cursor with offset naming offset", async () => {
    await seedWalkDevices("cursor-", 5);
    const { next } = await get("/api/devices?limit=2&sort=hostname");
    expect(next).toEqual(expect.any(String));
    const cursor = next!;
    const flipped = `${cursor.slice(0, 5)}${cursor[5] === "A" ? "B" : "A"}${cursor.slice(6)}`;
    for (const bad of ["garbage", flipped, cursor.slice(0, -2), `${cursor}.x`, "%00", "a".repeat(4096)]) {
      const problem = await refused(`/api/devices?cursor=${encodeURIComponent(bad)}`);
      expect(problem.errors?.[0], bad).toMatchObject({ pointer: "/cursor", in: "query" });
    }
    const otherSort = await refused(`/api/devices?sort=-createdAt&cursor=${encodeURIComponent(cursor)}`);
    expect(otherSort.errors?.[0]?.detail).toContain("sort=hostname");
    // Another list's cursor is refused the same way, also with a sort of the same name, never a database error.
    expect((await refused(`/api/tags?sort=name&cursor=${encodeURIComponent(cursor)}`)).errors?.[0]?.pointer).toBe("/cursor");
    const tagCursor = (await get("/api/tags?limit=1&sort=createdAt")).next;
    expect(tagCursor).toEqual(expect.any(String));
    expect((await refused(`/api/devices?sort=createdAt&cursor=${encodeURIComponent(tagCursor!)}`)).errors?.[0]?.pointer).toBe("/cursor");
    expect((await refused(`/api/devices?offset=2&cursor=${encodeURIComponent(cursor)}`)).errors?.[0]?.pointer).toBe("/offset");
  });

  it("bounds limit per resource and offset everywhere, with a 422 naming the parameter and the bound", async () => {
    const { id: jobLogId } = (await t().call("POST", "/api/job-logs", { token: t().adminToken, body: { jobType: "backup", status: "running" } })).json() as { id: string };
    const entries = await refused(`/api/job-logs/${jobLogId}/entries?limit=201`);
    expect(entries.errors?.[0]).toMatchObject({ pointer: "/limit" });
    expect(entries.errors?.[0]?.detail).toContain("200");
    expect((await get(`/api/job-logs/${jobLogId}/entries?limit=200`)).limit).toBe(200);
    expect((await refused("/api/devices?limit=1001")).errors?.[0]?.pointer).toBe("/limit");
    const deep = await refused("/api/devices?offset=10001");
    expect(deep.errors?.[0]).toMatchObject({ pointer: "/offset" });
    expect(deep.errors?.[0]?.detail).toContain("10000");
    expect((await get("/api/devices?offset=10000")).offset).toBe(10000);
  });

  it("counts exactly up to the threshold, estimates above it unless count=exact, and skips it with count=none", async () => {
    await sql("DELETE FROM devices");
    await seedWalkDevices("many-", 1500);
    await sql("UPDATE devices SET device_type = 'rare' WHERE hostname IN ('many-0001', 'many-0002', 'many-0003')");
    await sql("ANALYZE devices");
    const estimated = await get("/api/devices?limit=1");
    expect(estimated.totalExact).toBe(false);
    expect(estimated.total).toBeGreaterThanOrEqual(1001);
    expect(estimated.total).toBeLessThan(3000);
    expect(await get("/api/devices?limit=1&count=exact")).toMatchObject({ total: 1500, totalExact: true });
    expect(await get("/api/devices?limit=1&deviceType=rare")).toMatchObject({ total: 3, totalExact: true });
    const filtered = await get("/api/devices?limit=1&hostname=many-");
    expect(filtered.totalExact).toBe(false);
    expect(filtered.total).toBeGreaterThanOrEqual(1001);
    expect(await get("/api/devices?limit=1&hostname=many-&count=exact")).toMatchObject({ total: 1500, totalExact: true });
    expect(await get("/api/devices?limit=1&count=none")).toMatchObject({ total: null, totalExact: false });
    // Lists read through Prisma: exact below the threshold, the table estimate above it unfiltered, null when filtered.
    await sql(`INSERT INTO audit_logs (event_type, event_name, description, status) SELECT 'data', 'bulk.test', 'bulk', 'success' FROM generate_series(1, 1100)`);
    await sql("ANALYZE audit_logs");
    const audit = await get("/api/audit-logs?limit=1");
    expect(audit.totalExact).toBe(false);
    expect(audit.total).toBeGreaterThanOrEqual(1001);
    expect(await get("/api/audit-logs?limit=1&eventName=bulk.test")).toMatchObject({ total: null, totalExact: false });
    expect(await get("/api/audit-logs?limit=1&eventName=bulk.test&count=exact")).toMatchObject({ total: 1100, totalExact: true });
  });
});

describe("lists read through Prisma: keyset pagination", () => {
  it("walks tags by every sort in PostgreSQL's order, also when the cursor's row is deleted", async () => {
    // One statement: every row shares one now(), so createdAt ties everywhere and id decides.
    await sql("INSERT INTO tags (name) SELECT 'walk-tag-' || lpad(i::text, 3, '0') FROM generate_series(1, 23) AS i");
    for (let i = 0; i < 5; i++) expect((await t().call("POST", "/api/tags", { token: t().adminToken, body: { name: `api-tag-${i}` } })).statusCode).toBe(201);
    for (const [sort, order] of [
      ["name", "name ASC"],
      ["-name", "name DESC"],
      ["createdAt", "created_at ASC, id ASC"],
      ["-createdAt", "created_at DESC, id DESC"],
    ] as const) {
      const expected = (await sql(`SELECT id FROM tags ORDER BY ${order}`)).rows.map((row: { id: string }) => row.id);
      expect((await walk<{ id: string }>(`/api/tags?limit=4&sort=${sort}`)).map((tag) => tag.id), sort).toEqual(expected);
    }
    const first = await get<{ id: string; name: string }>("/api/tags?limit=3&sort=createdAt");
    await sql("DELETE FROM tags WHERE id = $1", [first.items.at(-1)!.id]);
    const rest = await walk<{ id: string }>("/api/tags?limit=3&sort=createdAt", undefined, first.next!);
    const expected = (await sql("SELECT id FROM tags ORDER BY created_at, id")).rows.map((row: { id: string }) => row.id).slice(2);
    expect(rest.map((tag) => tag.id)).toEqual(expected);
  });

  it("walks a nullable order (schedules by nextRun) with the nulls last ascending and first descending", async () => {
    const { id: deviceId } = (await sql("INSERT INTO devices (hostname, ip_address, device_type) VALUES ('sched-host', '192.0.2.99', 'x') RETURNING id")).rows[0] as { id: string };
    await sql(
      `INSERT INTO scheduled_jobs (name, schedule_type, device_id, next_run)
       SELECT 'job-' || i, 'daily', $1, CASE WHEN i % 3 = 0 THEN NULL ELSE timestamptz '2026-02-01Z' + (i % 4) * interval '1 hour' END
       FROM generate_series(1, 14) AS i`,
      [deviceId],
    );
    for (const [sort, order] of [
      ["nextRun", "next_run ASC, id ASC"],
      ["-nextRun", "next_run DESC, id DESC"],
    ] as const) {
      const expected = (await sql(`SELECT id FROM scheduled_jobs ORDER BY ${order}`)).rows.map((row: { id: string }) => row.id);
      expect((await walk<{ id: string }>(`/api/scheduled-jobs?limit=3&sort=${sort}`)).map((job) => job.id), sort).toEqual(expected);
    }
  });

  it("walks admin settings by category and display order", async () => {
    const expected = (await sql("SELECT key FROM admin_settings ORDER BY category DESC, display_order DESC, id DESC")).rows.map((row: { key: string }) => row.key);
    expect((await walk<{ id: string; key: string }>("/api/admin-settings?limit=5&sort=-category")).map((s) => s.key)).toEqual(expected);
  });
});

describe("list indexes", () => {
  it("are part of the schema manifest, so validate reports one that is missing", async () => {
    const definition = (await sql("SELECT indexdef FROM pg_indexes WHERE indexname = 'devices_created_at_id_idx'")).rows[0] as { indexdef: string };
    await sql("DROP INDEX devices_created_at_id_idx");
    try {
      const report = await validateSchema({ client: t().db.pool });
      expect(report.ok).toBe(false);
      expect(report.problems).toContainEqual(expect.objectContaining({ kind: "missing_index", table: "devices", name: "devices_created_at_id_idx" }));
    } finally {
      await sql(definition.indexdef);
    }
    expect((await validateSchema({ client: t().db.pool })).ok).toBe(true);
  });
});
