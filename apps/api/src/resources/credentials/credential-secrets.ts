import type { Keyring } from "../../crypto/keyring.js";
import { credentialAad, decryptSecret, encryptSecret } from "../../crypto/secret-box.js";

/** Stored secret columns of one credential. */
export interface StoredSecrets {
  passwordCiphertext: Uint8Array<ArrayBuffer> | null;
  privateKeyCiphertext: Uint8Array<ArrayBuffer> | null;
  keyId: string | null;
}

/** Requested secret changes: a string sets, `null` clears, `undefined` keeps. */
export interface SecretChanges {
  password?: string | null;
  privateKey?: string | null;
}

const FIELDS = [
  { change: "password", column: "passwordCiphertext", aad: "password" },
  { change: "privateKey", column: "privateKeyCiphertext", aad: "private_key" },
] as const;

/**
 * Computes the secret columns after a change. Every stored secret ends up
 * under the active key: a kept secret written under an older key is
 * re-encrypted, so one row never mixes key ids. There is no plaintext path.
 */
export function applySecretChanges(keyring: Keyring, credentialId: string, current: StoredSecrets, changes: SecretChanges): StoredSecrets {
  const next: StoredSecrets = { passwordCiphertext: null, privateKeyCiphertext: null, keyId: null };
  for (const field of FIELDS) {
    const aad = credentialAad(credentialId, field.aad);
    const requested = changes[field.change];
    const stored = current[field.column];
    let plaintext: string | null = null;
    if (typeof requested === "string") plaintext = requested;
    else if (requested === undefined && stored && current.keyId !== keyring.activeKeyId) {
      plaintext = decryptSecret(keyring, current.keyId ?? "", stored, aad);
    } else if (requested === undefined && stored) {
      next[field.column] = stored;
      next.keyId = current.keyId;
      continue;
    }
    if (plaintext !== null) {
      const { blob, keyId } = encryptSecret(keyring, plaintext, aad);
      next[field.column] = new Uint8Array(blob);
      next.keyId = keyId;
    }
  }
  return next;
}

/** True when the row holds a secret under a key other than the active one. */
export function needsRotation(keyring: Keyring, row: StoredSecrets): boolean {
  return (row.passwordCiphertext !== null || row.privateKeyCiphertext !== null) && row.keyId !== keyring.activeKeyId;
}
