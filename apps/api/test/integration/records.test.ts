import { describe, expect, it } from "vitest";

import { useTestApp } from "../helpers/test-app.js";

const t = useTestApp();
const HASH = "AB".repeat(32);

async function newDevice(hostname: string): Promise<string> {
  const response = await t().call("POST", "/api/devices", { token: t().adminToken, body: { hostname, ipAddress: "192.0.2.150", port: Math.floor(Math.random() * 60000) + 1000, deviceType: "eos" } });
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { id: string }).id;
}

describe("backup records", () => {
  it("records a configuration backup with a normalised SHA-256, lists it per device, and rejects a bad hash", async () => {
    const token = t().adminToken;
    const deviceId = await newDevice("backup-target.test");
    const body = { deviceId, version: "3", filePath: "/configs/x.cfg", fileSize: 2048, status: "complete", contentHash: HASH };
    const created = await t().call("POST", "/api/backups", { token, body });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ contentHash: HASH.toLowerCase(), fileSize: 2048, isAutomatic: true });
    const list = await t().call("GET", `/api/backups?deviceId=${deviceId}`, { token });
    expect(list.json()).toMatchObject({ total: 1, items: [{ version: "3" }] });
    const bad = await t().call("POST", "/api/backups", { token, body: { ...body, contentHash: "abc" } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ errors: [{ pointer: "/contentHash", in: "body" }] });
    const orphan = await t().call("POST", "/api/backups", { token, body: { ...body, deviceId: "00000000-0000-4000-8000-0000000000ff" } });
    expect(orphan.json()).toMatchObject({ status: 422, errors: [{ pointer: "/deviceId" }] });
  });
});

describe("job logs", () => {
  it("creates a log with entries, updates its status, and deleting it removes the entries", async () => {
    const token = t().adminToken;
    const created = await t().call("POST", "/api/job-logs", { token, body: { jobType: "backup", status: "running", jobData: { devices: 3 } } });
    expect(created.statusCode, created.body).toBe(201);
    const log = created.json() as { id: string; sessionId: string; createdBy: string };
    expect(log.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    for (const level of ["info", "error"]) {
      const entry = await t().call("POST", `/api/job-logs/${log.id}/entries`, { token, body: { level, message: `step ${level}` } });
      expect(entry.statusCode, entry.body).toBe(201);
    }
    const entries = await t().call("GET", `/api/job-logs/${log.id}/entries?level=error`, { token });
    expect(entries.json()).toMatchObject({ total: 1, items: [{ message: "step error" }] });
    const done = await t().call("PATCH", `/api/job-logs/${log.id}`, { token, body: { status: "completed", endTime: new Date().toISOString(), jobData: null } });
    expect(done.json()).toMatchObject({ status: "completed", jobData: null });
    expect((await t().call("PATCH", `/api/job-logs/${log.id}`, { token, body: { status: "exploded" } })).statusCode).toBe(422);
    expect((await t().call("DELETE", `/api/job-logs/${log.id}`, { token })).statusCode).toBe(204);
    expect(await t().db.prisma.jobLogEntry.count({ where: { jobLogId: log.id } })).toBe(0);
    expect((await t().call("GET", `/api/job-logs/${log.id}/entries`, { token })).statusCode).toBe(404);
  });
});

describe("scheduled jobs", () => {
  it("validates the schedule and records who created it", async () => {
    const token = t().adminToken;
    const deviceId = await newDevice("scheduled.test");
    const me = (await t().call("GET", "/api/auth/me", { token })).json() as { id: string };
    const bad = await t().call("POST", "/api/scheduled-jobs", { token, body: { name: "n", scheduleType: "daily", scheduleTime: "25:00", deviceId } });
    expect(bad.json()).toMatchObject({ status: 422, errors: [{ pointer: "/scheduleTime" }] });
    const created = await t().call("POST", "/api/scheduled-jobs", { token, body: { name: "n", scheduleType: "weekly", scheduleDay: "mon", scheduleTime: "01:15", deviceId } });
    expect(created.json()).toMatchObject({ createdBy: me.id, enabled: true, scheduleDay: "mon" });
    const id = (created.json() as { id: string }).id;
    expect((await t().call("PATCH", `/api/scheduled-jobs/${id}`, { token, body: { enabled: false } })).json()).toMatchObject({ enabled: false });
    expect((await t().call("GET", `/api/scheduled-jobs?deviceId=${deviceId}&enabled=false`, { token })).json()).toMatchObject({ total: 1 });
  });
});

describe("users", () => {
  it("creates, updates and deletes users, never returning a password hash", async () => {
    const token = t().adminToken;
    const body = { username: "operator1", email: "op1@example.test", password: "A-long-enough-passw0rd" };
    const created = await t().call("POST", "/api/users", { token, body });
    expect(created.statusCode).toBe(201);
    expect(created.body).not.toMatch(/scrypt|argon2|password/i);
    const duplicate = await t().call("POST", "/api/users", { token, body: { ...body, email: "other@example.test" } });
    expect(duplicate.json()).toMatchObject({ status: 409, errors: [{ pointer: "/username" }] });
    const weak = await t().call("POST", "/api/users", { token, body: { ...body, username: "operator2", password: "short" } });
    expect(weak.json()).toMatchObject({ status: 422, errors: [{ pointer: "/password" }] });
    const id = (created.json() as { id: string }).id;
    expect((await t().call("PATCH", `/api/users/${id}`, { token, body: { fullName: "Op One" } })).json()).toMatchObject({ fullName: "Op One" });
    expect((await t().call("DELETE", `/api/users/${id}`, { token })).statusCode).toBe(204);
    expect((await t().call("GET", `/api/users/${id}`, { token })).statusCode).toBe(404);
  });
});
