import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

import { EncryptionError } from "../errors.js";
import type { Keyring } from "./keyring.js";

// AES-256-GCM with a fresh 12-byte IV per value. Stored layout (see the
// credentials model): IV (12) | auth tag (16) | ciphertext. The associated data
// binds a ciphertext to its row and field, so a value copied into another row
// or column fails to decrypt instead of being used.
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Associated data for one secret field of one credential row. */
export function credentialAad(credentialId: string, field: "password" | "private_key"): Buffer {
  return Buffer.from(`credential:${credentialId}:${field}`, "utf8");
}

/** Encrypts under the active key; returns the blob and the key id to store with it. */
export function encryptSecret(keyring: Keyring, plaintext: string, aad: Buffer): { blob: Buffer; keyId: string } {
  const key = keyring.keys.get(keyring.activeKeyId);
  if (!key) throw new EncryptionError(`Active key "${keyring.activeKeyId}" is missing from the keyring.`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { blob: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]), keyId: keyring.activeKeyId };
}

/** Decrypts a blob written by {@link encryptSecret}; fails closed on any mismatch. */
export function decryptSecret(keyring: Keyring, keyId: string, blob: Uint8Array, aad: Buffer): string {
  const key = keyring.keys.get(keyId);
  if (!key) throw new EncryptionError(`Key "${keyId}" is not in ENCRYPTION_KEYS; add it back to read this secret.`);
  const data = Buffer.from(blob);
  if (data.length < IV_BYTES + TAG_BYTES) throw new EncryptionError("Ciphertext is truncated.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, data.subarray(0, IV_BYTES));
    decipher.setAAD(aad);
    decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(data.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch (error) {
    throw new EncryptionError("Ciphertext failed authentication (wrong key, row or tampering).", { cause: error });
  }
}
