import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

import type * as Argon2 from "@node-rs/argon2";

// The format of users.password_hash (moved here from @netraven/db-schema: it is not Prisma), shared by schema-init (admin seed) and the
// API (login). New hashes are argon2id at OWASP's recommended parameters
// (19 MiB, 2 passes, 1 lane), in the standard PHC string `$argon2id$v=19$...`,
// through @node-rs/argon2 (prebuilt binaries from npm, no build step).
// Hashes written before (`scrypt$<N>$<r>$<p>$<salt>$<hash>`, N=2^14) still
// verify; the API rehashes them at the next successful login (needsRehash).
// Algorithm is a const enum, which verbatimModuleSyntax cannot read: 2 is Argon2id.
const ARGON2 = { algorithm: 2 as Argon2.Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;
const ARGON2_PREFIX = `$argon2id$v=19$m=${ARGON2.memoryCost},t=${ARGON2.timeCost},p=${ARGON2.parallelism}$`;
const SCRYPT_KEY_LENGTH = 32;
const SCRYPT_MAX_MEMORY = 256 * 1024 * 1024;

// Loaded on first use: the native addon costs about 25 ms at import, and
// schema-init imports this module on every start but hashes only when it seeds.
let argon2: Promise<typeof Argon2> | undefined;
function loadArgon2(): Promise<typeof Argon2> {
  return (argon2 ??= import("@node-rs/argon2"));
}

function scryptDerive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, SCRYPT_KEY_LENGTH, { N: n, r, p, maxmem: SCRYPT_MAX_MEMORY }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Hashes a password for `users.password_hash` (argon2id, off the main thread). */
export async function hashPassword(password: string): Promise<string> {
  const { hash } = await loadArgon2();
  return hash(password.normalize("NFKC"), { ...ARGON2, salt: randomBytes(16) });
}

/** True when a stored hash is not argon2id at the current parameters and should be replaced at the next login. */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(ARGON2_PREFIX);
}

/** Checks a password against a stored hash (argon2id or the older scrypt form); false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith("$argon2")) {
    const { verify } = await loadArgon2();
    return verify(stored, password.normalize("NFKC")).catch(() => false);
  }
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![n, r, p].every(Number.isInteger) || n > 2 ** 20) return false;
  const expected = Buffer.from(parts[5] ?? "", "base64");
  if (expected.length !== SCRYPT_KEY_LENGTH) return false;
  const actual = await scryptDerive(password, Buffer.from(parts[4] ?? "", "base64"), n, r, p).catch(() => undefined);
  return actual !== undefined && timingSafeEqual(actual, expected);
}
