import { hashPassword, needsRehash, verifyPassword } from "@netraven/runtime/password";
import type { PrismaClient } from "@netraven/db-schema";

import { readSecuritySettings } from "./security-settings.js";
import type { SecuritySettings } from "./security-settings.js";

/** Outcome of a login attempt; the HTTP layer turns every failure into the same 401. */
export type LoginOutcome =
  | { ok: true; user: { id: string; username: string; isAdmin: boolean }; tokenVersion: number; settings: SecuritySettings }
  | { ok: false; reason: "unknown-user" | "inactive" | "locked" | "bad-password"; userId?: string; username?: string; lockedNow?: boolean };

interface ClaimedAttempt {
  id: string;
  username: string;
  is_admin: boolean;
  is_active: boolean;
  password_hash: string;
  token_version: number;
  was_locked: boolean;
  locked_now: boolean;
}

// Accounts that cannot log in (unknown, locked) still cost one hash at the
// current parameters, so response time reveals neither which usernames exist
// nor which are locked. Disabled accounts check their real hash.
let dummyHash: Promise<string> | undefined;
const burnOneHash = async (password: string) => {
  dummyHash ??= hashPassword("timing-equaliser-not-a-password");
  await verifyPassword(password, await dummyHash);
};

/**
 * Checks a username and password. Each attempt is counted BEFORE the
 * password is checked, in one statement that locks the row: N parallel
 * attempts count N, and the ones that arrive once the limit is reached are
 * refused without checking the password. A success resets the count, and
 * an older hash is replaced by one at the current parameters.
 */
export async function attemptLogin(prisma: PrismaClient, username: string, password: string, now: Date): Promise<LoginOutcome> {
  const settings = await readSecuritySettings(prisma);
  const lockUntil = new Date(now.getTime() + settings.lockoutMinutes * 60_000);
  // FOR UPDATE serialises concurrent attempts on the row; each sees the count the previous one wrote.
  const rows = await prisma.$queryRaw<ClaimedAttempt[]>`
    WITH current AS (
      SELECT id, (locked_until IS NOT NULL AND locked_until > ${now}) AS was_locked,
             CASE WHEN locked_until IS NOT NULL AND locked_until <= ${now} THEN 1 ELSE failed_login_count + 1 END AS attempt
      FROM users WHERE username = ${username} FOR UPDATE
    )
    UPDATE users u SET
      failed_login_count = CASE WHEN c.was_locked THEN u.failed_login_count ELSE c.attempt END,
      locked_until = CASE WHEN c.was_locked THEN u.locked_until WHEN c.attempt >= ${settings.maxFailedAttempts} THEN ${lockUntil} ELSE NULL END
    FROM current c WHERE u.id = c.id
    RETURNING u.id, u.username, u.is_admin, u.is_active, u.password_hash, u.token_version, c.was_locked,
              (NOT c.was_locked AND c.attempt >= ${settings.maxFailedAttempts}) AS locked_now`;
  const user = rows[0];
  if (!user) {
    await burnOneHash(password);
    return { ok: false, reason: "unknown-user" };
  }
  const known = { userId: user.id, username: user.username };
  if (user.was_locked) {
    await burnOneHash(password);
    return { ok: false, reason: "locked", ...known };
  }
  const valid = await verifyPassword(password, user.password_hash);
  if (!valid) return { ok: false, reason: "bad-password", ...known, lockedNow: user.locked_now };
  if (!user.is_active) return { ok: false, reason: "inactive", ...known };
  const rehash = needsRehash(user.password_hash) ? { passwordHash: await hashPassword(password) } : {};
  await prisma.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now, ...rehash } });
  return { ok: true, user: { id: user.id, username: user.username, isAdmin: user.is_admin }, tokenVersion: user.token_version, settings };
}
