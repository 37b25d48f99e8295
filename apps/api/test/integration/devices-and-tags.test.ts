import { createDeviceBackup, createJobLog } from "@netraven/db-schema/testing";
import { describe, expect, it } from "vitest";

import { useTestApp } from "../helpers/test-app.js";

const t = useTestApp();

interface Device {
  id: string;
  hostname: string;
  deviceType: string;
  tags: { id: string; name: string }[];
}
interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

async function createDevice(hostname: string, ip: string, extra: Record<string, unknown> = {}): Promise<Device> {
  const response = await t().call("POST", "/api/devices", { token: t().adminToken, body: { hostname, ipAddress: ip, deviceType: "cisco_ios", ...extra } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as Device;
}

async function createTag(name: string): Promise<{ id: string; name: string }> {
  const response = await t().call("POST", "/api/tags", { token: t().adminToken, body: { name } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; name: string };
}

describe("devices", () => {
  it("answers timestamps as UTC ISO strings with milliseconds, whatever the session's time zone", async () => {
    const device = await createDevice("timestamps-1.example.test", "203.0.113.77");
    // Microseconds the API truncates to milliseconds, a backup time, and a server whose sessions run in +05:45.
    await t().db.pool.query("UPDATE devices SET created_at = '2025-03-09 01:59:59.999999+00', updated_at = '2025-03-09 02:00:00.0005+00', last_backup_at = '1999-12-31 23:59:59.579+00' WHERE id = $1", [device.id]);
    const database = (await t().db.pool.query("SELECT current_database() AS name")).rows[0].name as string;
    await t().db.pool.query(`ALTER DATABASE "${database}" SET timezone = 'Asia/Kathmandu'`);
    try {
      const expected = { createdAt: "2025-03-09T01:59:59.999Z", updatedAt: "2025-03-09T02:00:00.000Z", lastBackupAt: "1999-12-31T23:59:59.579Z" };
      // A fresh server: its pool's sessions start after the ALTER DATABASE.
      const other = await t().spawn({});
      const zone = await other.db.pool.query("SHOW timezone");
      expect(zone.rows[0].TimeZone).toBe("Asia/Kathmandu");
      expect((await other.call("GET", `/api/devices/${device.id}`, { token: other.adminToken })).json()).toMatchObject(expected);
      const page = (await other.call("GET", "/api/devices?hostname=timestamps-1", { token: other.adminToken })).json() as Page<Device>;
      expect(page.items).toEqual([expect.objectContaining(expected)]);
    } finally {
      await t().db.pool.query(`ALTER DATABASE "${database}" RESET timezone`);
    }
  });

  it("creates, reads, updates and deletes a device; new devices carry the default tag", async () => {
    const device = await createDevice("crud-1.example.test", "192.0.2.10", { port: 2222, description: "lab" });
    expect(device.tags.map((tag) => tag.name)).toEqual(["default"]);
    const read = await t().call("GET", `/api/devices/${device.id}`, { token: t().adminToken });
    expect(read.json()).toMatchObject({ hostname: "crud-1.example.test", port: 2222, description: "lab" });
    const patched = await t().call("PATCH", `/api/devices/${device.id}`, { token: t().adminToken, body: { description: null, enabled: false } });
    expect(patched.json()).toMatchObject({ description: null, enabled: false, hostname: "crud-1.example.test" });
    expect((await t().call("DELETE", `/api/devices/${device.id}`, { token: t().adminToken })).statusCode).toBe(204);
    const gone = await t().call("GET", `/api/devices/${device.id}`, { token: t().adminToken });
    expect(gone.statusCode).toBe(404);
    expect(gone.headers["content-type"]).toContain("application/problem+json");
    expect((await t().call("DELETE", `/api/devices/${device.id}`, { token: t().adminToken })).statusCode).toBe(404);
  });

  it("answers 409 naming the field on a duplicate hostname and 422 naming an unknown owner", async () => {
    await createDevice("dup.example.test", "192.0.2.20");
    const duplicate = await t().call("POST", "/api/devices", {
      token: t().adminToken,
      body: { hostname: "dup.example.test", ipAddress: "192.0.2.21", deviceType: "cisco_ios" },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ status: 409, errors: [{ pointer: "/hostname" }] });
    const orphan = await t().call("POST", "/api/devices", {
      token: t().adminToken,
      body: { hostname: "orphan.example.test", ipAddress: "192.0.2.22", deviceType: "cisco_ios", ownerId: "00000000-0000-4000-8000-000000000001" },
    });
    expect(orphan.statusCode).toBe(422);
    expect(orphan.json()).toMatchObject({ errors: [{ pointer: "/ownerId" }] });
  });

  it("answers 404, not 500, when the device is gone by the time a create or update reads it back", async () => {
    // A real deletion in the write's own transaction (a trigger on its audit row), as a concurrent DELETE right after
    // the commit would leave it: the read-back finds nothing.
    const pool = t().db.pool;
    await pool.query(`CREATE FUNCTION test_vanish_device() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN DELETE FROM devices WHERE id::text = NEW.target_id AND hostname LIKE 'vanish-%'; RETURN NEW; END $$`);
    await pool.query("CREATE TRIGGER test_vanish_device AFTER INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION test_vanish_device()");
    try {
      const token = t().adminToken;
      const created = await t().call("POST", "/api/devices", { token, body: { hostname: "vanish-1.example.test", ipAddress: "203.0.113.81", deviceType: "cisco_ios" } });
      expect(created.statusCode, created.body).toBe(404);
      expect(created.headers["content-type"]).toContain("application/problem+json");
      const kept = await createDevice("kept-1.example.test", "203.0.113.82");
      const updated = await t().call("PATCH", `/api/devices/${kept.id}`, { token, body: { hostname: "vanish-2.example.test" } });
      expect(updated.statusCode, updated.body).toBe(404);
      expect(updated.headers["content-type"]).toContain("application/problem+json");
    } finally {
      await pool.query("DROP TRIGGER test_vanish_device ON audit_logs");
      await pool.query("DROP FUNCTION test_vanish_device()");
    }
  });

  it("gives exactly one 201 and 409s for concurrent duplicate creates", async () => {
    const body = { hostname: "race.example.test", ipAddress: "192.0.2.30", deviceType: "cisco_ios" };
    const responses = await Promise.all(Array.from({ length: 12 }, () => t().call("POST", "/api/devices", { token: t().adminToken, body })));
    const codes = responses.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(11);
    const tagResponses = await Promise.all(Array.from({ length: 8 }, () => t().call("POST", "/api/tags", { token: t().adminToken, body: { name: "race-tag" } })));
    expect(tagResponses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });

  it("filters by hostname substring, device type and tags (AND), sorts and paginates with a total", async () => {
    const tagA = await createTag("site-a");
    const tagB = await createTag("core");
    for (let i = 0; i < 7; i++) {
      const tagIds = i < 4 ? [tagA.id] : [tagA.id, tagB.id];
      await createDevice(`filter-${i}.lab.test`, `198.51.100.${i + 1}`, { deviceType: i % 2 ? "juniper" : "cisco_ios", tagIds });
    }
    const token = t().adminToken;
    const get = async (query: string) => (await t().call("GET", `/api/devices?${query}`, { token })).json() as Page<Device>;
    expect((await get("hostname=LAB.TEST&limit=1000")).total).toBe(7);
    expect((await get("hostname=lab.test&deviceType=juniper")).total).toBe(3);
    expect((await get("tag=site-a&tag=core")).items.map((d) => d.hostname)).toEqual(["filter-4.lab.test", "filter-5.lab.test", "filter-6.lab.test"]);
    // A repeated tag is one condition; an unknown tag matches nothing.
    expect((await get("tag=core&tag=core")).total).toBe(3);
    expect((await get("tag=core&tag=no-such-tag")).total).toBe(0);
    // Pages sorted on a non-unique column neither repeat nor skip a device.
    const pages = await Promise.all([0, 3, 6].map((offset) => get(`hostname=lab.test&sort=deviceType&limit=3&offset=${offset}`)));
    const paged = pages.flatMap((p) => p.items);
    expect(new Set(paged.map((d) => d.id)).size).toBe(7);
    expect(paged.map((d) => d.deviceType)).toEqual([...paged.map((d) => d.deviceType)].sort());
    const page = await get("hostname=lab.test&sort=-hostname&limit=2&offset=2");
    expect(page).toMatchObject({ total: 7, limit: 2, offset: 2 });
    expect(page.items.map((d) => d.hostname)).toEqual(["filter-4.lab.test", "filter-3.lab.test"]);
    // LIKE wildcards in the filter are literals.
    expect((await get("hostname=%25")).total).toBe(0);
    expect((await get("hostname=filter_")).total).toBe(0);
    const beyond = await get("hostname=lab.test&offset=100");
    expect(beyond).toMatchObject({ items: [], total: 7 });
  });

  it("enforces pagination bounds with 422 naming the parameter", async () => {
    const token = t().adminToken;
    for (const [query, field] of [
      ["limit=1001", "/limit"],
      ["limit=0", "/limit"],
      ["limit=abc", "/limit"],
      ["offset=-1", "/offset"],
      ["sort=password", "/sort"],
    ] as const) {
      const response = await t().call("GET", `/api/devices?${query}`, { token });
      expect(response.statusCode, query).toBe(422);
      expect(response.json(), query).toMatchObject({ errors: [{ pointer: field, in: "query" }] });
    }
    expect(((await t().call("GET", "/api/devices?limit=1000", { token })).json() as Page<Device>).limit).toBe(1000);
    expect(((await t().call("GET", "/api/devices", { token })).json() as Page<Device>).limit).toBe(50);
  });

  it("deleting a device cascades to backups, schedules and tag links, and keeps job logs without the device", async () => {
    const device = await createDevice("cascade.example.test", "203.0.113.5");
    const token = t().adminToken;
    const { prisma } = t().db;
    const backup = await createDeviceBackup(prisma, device.id);
    const jobLog = await createJobLog(prisma, { deviceId: device.id });
    const schedule = await t().call("POST", "/api/scheduled-jobs", { token, body: { name: "nightly", scheduleType: "daily", scheduleTime: "02:30", deviceId: device.id } });
    expect(schedule.statusCode, schedule.body).toBe(201);
    expect((await t().call("DELETE", `/api/devices/${device.id}`, { token })).statusCode).toBe(204);
    expect((await t().call("GET", `/api/backups/${backup.id}`, { token })).statusCode).toBe(404);
    expect((await t().call("GET", `/api/scheduled-jobs/${(schedule.json() as { id: string }).id}`, { token })).statusCode).toBe(404);
    expect(await prisma.deviceTag.count({ where: { deviceId: device.id } })).toBe(0);
    const log = await t().call("GET", `/api/job-logs/${jobLog.id}`, { token });
    expect(log.json()).toMatchObject({ id: jobLog.id, deviceId: null });
  });
});

describe("tags", () => {
  it("attaches and detaches devices; deleting a tag removes its links but not the devices", async () => {
    const token = t().adminToken;
    const tag = await createTag("detach-me");
    const device = await createDevice("tagged.example.test", "203.0.113.9");
    expect((await t().call("PUT", `/api/tags/${tag.id}/devices/${device.id}`, { token })).statusCode).toBe(204);
    expect((await t().call("PUT", `/api/tags/${tag.id}/devices/${device.id}`, { token })).statusCode).toBe(204);
    let read = (await t().call("GET", `/api/devices/${device.id}`, { token })).json() as Device;
    expect(read.tags.map((x) => x.name).sort()).toEqual(["default", "detach-me"]);
    expect((await t().call("DELETE", `/api/tags/${tag.id}/devices/${device.id}`, { token })).statusCode).toBe(204);
    expect((await t().call("DELETE", `/api/tags/${tag.id}/devices/${device.id}`, { token })).statusCode).toBe(404);
    expect((await t().call("PUT", `/api/tags/${tag.id}/devices/00000000-0000-4000-8000-000000000002`, { token })).statusCode).toBe(404);
    await t().call("PUT", `/api/tags/${tag.id}/devices/${device.id}`, { token });
    expect((await t().call("DELETE", `/api/tags/${tag.id}`, { token })).statusCode).toBe(204);
    read = (await t().call("GET", `/api/devices/${device.id}`, { token })).json() as Device;
    expect(read.tags.map((x) => x.name)).toEqual(["default"]);
  });

  it("refuses to delete or rename the default tag", async () => {
    const token = t().adminToken;
    const tags = (await t().call("GET", "/api/tags?name=default", { token })).json() as Page<{ id: string; name: string }>;
    const defaultTag = tags.items.find((tag) => tag.name === "default");
    expect(defaultTag).toBeDefined();
    expect((await t().call("DELETE", `/api/tags/${defaultTag?.id}`, { token })).statusCode).toBe(409);
    expect((await t().call("PATCH", `/api/tags/${defaultTag?.id}`, { token, body: { name: "renamed" } })).statusCode).toBe(409);
    expect((await t().call("PATCH", `/api/tags/${defaultTag?.id}`, { token, body: { color: "#112233" } })).statusCode).toBe(200);
  });
});
