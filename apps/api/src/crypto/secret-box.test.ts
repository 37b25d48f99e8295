import { randomBytes } from "node:crypto";

import { describe, expect, it } from "vitest";

import { parseKeyring } from "./keyring.js";
import { credentialAad, decryptSecret, encryptSecret } from "./secret-box.js";

const key = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;

describe("keyring", () => {
  it("parses ids and 32-byte keys; the first key is active unless named", () => {
    expect(parseKeyring(`${key("a")},${key("b")}`).activeKeyId).toBe("a");
    expect(parseKeyring(`${key("a")},${key("b")}`, "b").activeKeyId).toBe("b");
  });

  it("rejects short keys, bad ids, duplicates and an unknown active id without echoing key material", () => {
    const short = `a:${randomBytes(16).toString("base64")}`;
    expect(() => parseKeyring(short)).toThrow(/32 bytes/);
    // A substring, not a RegExp: base64 holds "+" and "/", which made the pattern invalid in some runs.
    expect(() => parseKeyring(short)).not.toThrow(short.slice(2, 12));
    expect(() => parseKeyring(`bad id:${randomBytes(32).toString("base64")}`)).toThrow(/key id/);
    expect(() => parseKeyring(`${key("a")},${key("a")}`)).toThrow(/twice/);
    expect(() => parseKeyring(key("a"), "z")).toThrow(/ENCRYPTION_ACTIVE_KEY_ID/);
    expect(() => parseKeyring("")).toThrow(/no key/);
  });
});

describe("secret box", () => {
  const keyring = parseKeyring(key("k1"));
  const aad = credentialAad("row-1", "password");

  it("round-trips with a fresh IV each time and never contains the plaintext", () => {
    const a = encryptSecret(keyring, "s3cret", aad);
    const b = encryptSecret(keyring, "s3cret", aad);
    expect(a.keyId).toBe("k1");
    expect(a.blob.equals(b.blob)).toBe(false);
    expect(a.blob.includes(Buffer.from("s3cret"))).toBe(false);
    expect(decryptSecret(keyring, "k1", a.blob, aad)).toBe("s3cret");
  });

  it("fails closed on another row, a flipped bit, a truncated blob or an unknown key", () => {
    const { blob } = encryptSecret(keyring, "s3cret", aad);
    expect(() => decryptSecret(keyring, "k1", blob, credentialAad("row-2", "password"))).toThrow(/authentication/);
    const flipped = Buffer.from(blob);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    expect(() => decryptSecret(keyring, "k1", flipped, aad)).toThrow(/authentication/);
    expect(() => decryptSecret(keyring, "k1", blob.subarray(0, 10), aad)).toThrow(/truncated/);
    expect(() => decryptSecret(keyring, "old", blob, aad)).toThrow(/not in ENCRYPTION_KEYS/);
  });
});
