import { randomBytes } from "node:crypto";

import type { Prisma, PrismaClient } from "../generated/prisma/client.js";

// Row factories: safe defaults, unique values, any field overridable.
// The local-dev `db:seed` reuses them.

const suffix = () => randomBytes(4).toString("hex");

/** A user with a unique username/email; the hash is a placeholder, not a usable password. */
export function createUser(db: PrismaClient, overrides: Partial<Prisma.UserUncheckedCreateInput> = {}) {
  const name = `user_${suffix()}`;
  return db.user.create({
    data: { username: name, email: `${name}@example.test`, passwordHash: "scrypt$placeholder", ...overrides },
  });
}

/** A device with a unique hostname and address. */
export function createDevice(db: PrismaClient, overrides: Partial<Prisma.DeviceUncheckedCreateInput> = {}) {
  const id = suffix();
  const bytes = randomBytes(3);
  return db.device.create({
    data: {
      hostname: `device-${id}.example.test`,
      ipAddress: `10.${bytes[0]}.${bytes[1]}.${bytes[2]}`,
      deviceType: "cisco_ios",
      ...overrides,
    },
  });
}

export function createTag(db: PrismaClient, overrides: Partial<Prisma.TagUncheckedCreateInput> = {}) {
  return db.tag.create({ data: { name: `tag-${suffix()}`, color: "#6366F1", ...overrides } });
}

/** A credential whose "ciphertext" is random bytes: factories never hold real secrets. */
export function createCredential(db: PrismaClient, overrides: Partial<Prisma.CredentialUncheckedCreateInput> = {}) {
  return db.credential.create({
    data: {
      name: `credential-${suffix()}`,
      username: "netops",
      passwordCiphertext: new Uint8Array(randomBytes(44)),
      keyId: "test-key",
      ...overrides,
    },
  });
}

export function createDeviceBackup(db: PrismaClient, deviceId: string, overrides: Partial<Prisma.BackupUncheckedCreateInput> = {}) {
  return db.backup.create({
    data: {
      deviceId,
      version: "1",
      filePath: `/configs/${deviceId}/${suffix()}.cfg`,
      fileSize: 1024n,
      status: "complete",
      contentHash: randomBytes(32).toString("hex"),
      ...overrides,
    },
  });
}

export function createJobLog(db: PrismaClient, overrides: Partial<Prisma.JobLogUncheckedCreateInput> = {}) {
  return db.jobLog.create({
    data: { sessionId: randomBytes(16).toString("hex"), jobType: "backup", status: "completed", ...overrides },
  });
}
