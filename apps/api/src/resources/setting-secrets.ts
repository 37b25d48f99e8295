import type { Prisma } from "@netraven/db-schema";

import type { Keyring } from "../crypto/keyring.js";
import { encryptSecret } from "../crypto/secret-box.js";

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
