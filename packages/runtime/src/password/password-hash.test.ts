import { randomBytes, scryptSync } from "node:crypto";

import { describe, expect, it } from "vitest";

import { hashPassword, needsRehash, verifyPassword } from "./password-hash.js";

describe("password hashes", () => {
  it("hashes with argon2id at OWASP's parameters and verifies the right password only", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain("correct horse");
    expect(needsRehash(hash)).toBe(false);
    await expect(verifyPassword("correct horse battery staple", hash)).resolves.toBe(true);
    await expect(verifyPassword("Correct horse battery staple", hash)).resolves.toBe(false);
  });

  it("still verifies hashes of the older scrypt form, and marks them for rehashing", async () => {
    const salt = randomBytes(16);
    const key = scryptSync("old password", salt, 32, { N: 16384, r: 8, p: 1 });
    const old = ["scrypt", 16384, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
    await expect(verifyPassword("old password", old)).resolves.toBe(true);
    await expect(verifyPassword("other password", old)).resolves.toBe(false);
    expect(needsRehash(old)).toBe(true);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("treats malformed stored values as a mismatch instead of throwing", async () => {
    await expect(verifyPassword("x", "bcrypt$2b$10$abc")).resolves.toBe(false);
    await expect(verifyPassword("x", "scrypt$a$b$c$d$e")).resolves.toBe(false);
    await expect(verifyPassword("x", "$argon2id$v=19$m=19456,t=2,p=1$broken")).resolves.toBe(false);
  });
});
