import type { Prisma, PrismaClient } from "@netraven/db-schema";

import type { Keyring } from "../crypto/keyring.js";
import { decryptSecret, encryptSecret } from "../crypto/secret-box.js";

/** Associated data binding a sealed value to its setting, so it cannot be copied to another key. */
export function settingAad(key: string): Buffer {
  return Buffer.from(`admin_setting:${key}`, "utf8");
}

/** How a sensitive setting's value is stored in the jsonb column: AES-256-GCM like device credentials, never plaintext. */
export interface SealedSetting {
  /** IV | tag | ciphertext of the JSON text of the value, base64. */
  sealed: string;
  keyId: string;
}

/** Encrypts a sensitive setting's new value under the active key. */
export function sealSetting(keyring: Keyring, key: string, value: unknown): Prisma.InputJsonObject {
  const { blob, keyId } = encryptSecret(keyring, JSON.stringify(value), settingAad(key));
  const sealed: SealedSetting = { sealed: blob.toString("base64"), keyId };
  return { ...sealed };
}

const isSealed = (value: unknown): value is SealedSetting =>
  typeof value === "object" && value !== null && typeof (value as SealedSetting).sealed === "string" && typeof (value as SealedSetting).keyId === "string";

/**
 * Re-seals every sensitive setting stored under another key than the active
 * one (part of POST /api/credentials/rotate-keys), so the old key can go.
 * A row is only rewritten if its value is still the one read.
 */
export async function rotateSettingKeys(prisma: PrismaClient, keyring: Keyring): Promise<number> {
  const rows = await prisma.adminSetting.findMany({ where: { isSensitive: true }, select: { key: true, value: true } });
  let rotated = 0;
  for (const row of rows) {
    if (!isSealed(row.value) || row.value.keyId === keyring.activeKeyId) continue;
    const value: unknown = JSON.parse(decryptSecret(keyring, row.value.keyId, Buffer.from(row.value.sealed, "base64"), settingAad(row.key)));
    const { count } = await prisma.adminSetting.updateMany({
      where: { key: row.key, value: { equals: row.value as unknown as Prisma.InputJsonObject } },
      data: { value: sealSetting(keyring, row.key, value) },
    });
    rotated += count;
  }
  return rotated;
}
