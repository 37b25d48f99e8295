import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { DbClient } from "../../src/index.js";
import { createDbClient } from "../../src/index.js";
import {
  createCredential,
  createDevice,
  createDeviceBackup,
  createJobLog,
  createTag,
  createUser,
  useTestDatabase,
} from "../../src/testing/index.js";

// Every foreign key has a deliberate ON DELETE; these tests delete parents and
// check what happens to children, in the database itself.
const database = useTestDatabase();
let db: DbClient;

beforeAll(() => {
  db = createDbClient({ url: database().url });
});
afterAll(async () => {
  await db.close();
});

describe("deleting a device", () => {
  it("cascades to its config backups, tag links and schedules, and clears job log references", async () => {
    const { prisma } = db;
    const device = await createDevice(prisma);
    const tag = await createTag(prisma);
    await prisma.deviceTag.create({ data: { deviceId: device.id, tagId: tag.id } });
    const backup = await createDeviceBackup(prisma, device.id);
    const schedule = await prisma.scheduledJob.create({ data: { name: "nightly", scheduleType: "daily", deviceId: device.id } });
    const log = await createJobLog(prisma, { deviceId: device.id });

    await prisma.device.delete({ where: { id: device.id } });

    expect(await prisma.backup.findUnique({ where: { id: backup.id } })).toBeNull();
    expect(await prisma.deviceTag.count({ where: { tagId: tag.id } })).toBe(0);
    expect(await prisma.scheduledJob.findUnique({ where: { id: schedule.id } })).toBeNull();
    expect(await prisma.tag.findUnique({ where: { id: tag.id } })).not.toBeNull();
    const kept = await prisma.jobLog.findUniqueOrThrow({ where: { id: log.id } });
    expect(kept.deviceId).toBeNull();
  });
});

describe("deleting a user", () => {
  it("keeps the devices and logs they owned, with the reference cleared", async () => {
    const { prisma } = db;
    const user = await createUser(prisma);
    const device = await createDevice(prisma, { ownerId: user.id });
    const log = await createJobLog(prisma, { createdBy: user.id });

    await prisma.user.delete({ where: { id: user.id } });

    expect((await prisma.device.findUniqueOrThrow({ where: { id: device.id } })).ownerId).toBeNull();
    expect((await prisma.jobLog.findUniqueOrThrow({ where: { id: log.id } })).createdBy).toBeNull();
  });
});

describe("deleting a tag or a credential", () => {
  it("removes credential links and tag rules but never the other side", async () => {
    const { prisma } = db;
    const tag = await createTag(prisma);
    const credential = await createCredential(prisma);
    await prisma.credentialTag.create({ data: { credentialId: credential.id, tagId: tag.id, priority: 10 } });
    await prisma.tagRule.create({ data: { tagId: tag.id, name: "ios", ruleCriteria: { deviceType: "cisco_ios" } } });

    await prisma.tag.delete({ where: { id: tag.id } });

    expect(await prisma.credentialTag.count({ where: { credentialId: credential.id } })).toBe(0);
    expect(await prisma.tagRule.count({ where: { tagId: tag.id } })).toBe(0);
    expect(await prisma.credential.findUnique({ where: { id: credential.id } })).not.toBeNull();
  });

  it("deleting a job log removes its entries", async () => {
    const { prisma } = db;
    const log = await createJobLog(prisma);
    await prisma.jobLogEntry.create({ data: { jobLogId: log.id, level: "info", message: "started" } });
    await prisma.jobLog.delete({ where: { id: log.id } });
    expect(await prisma.jobLogEntry.count({ where: { jobLogId: log.id } })).toBe(0);
  });
});

describe("integrity rules", () => {
  it("rejects a link to a tag that does not exist", async () => {
    const credential = await createCredential(db.prisma);
    await expect(
      db.prisma.credentialTag.create({
        data: { credentialId: credential.id, tagId: "00000000-0000-0000-0000-000000000000" },
      }),
    ).rejects.toThrow(/Foreign key constraint/i);
  });

  it("rejects the same credential linked twice to one tag", async () => {
    const tag = await createTag(db.prisma);
    const credential = await createCredential(db.prisma);
    await db.prisma.credentialTag.create({ data: { credentialId: credential.id, tagId: tag.id } });
    await expect(
      db.prisma.credentialTag.create({ data: { credentialId: credential.id, tagId: tag.id } }),
    ).rejects.toThrow(/Unique constraint/i);
  });

  it("fills ids and timestamps on the server", async () => {
    const result = await db.pool.query<{ id: string; created_at: Date }>(
      "INSERT INTO tags (name) VALUES ('server-defaults') RETURNING id, created_at",
    );
    expect(result.rows[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.rows[0]?.created_at).toBeInstanceOf(Date);
  });
});
