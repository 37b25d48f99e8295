import { hashPassword, verifyPassword } from "@netraven/db-schema";
import type { PrismaClient } from "@netraven/db-schema";

import { readLoginPolicy } from "./login-policy.js";

/** Outcome of a login attempt; the HTTP layer turns every failure into the same 401. */
export type LoginOutcome =
  | { ok: true; user: { id: string; username: string; isAdmin: boolean } }
  | { ok: false; reason: "unknown-user" | "inactive" | "locked" | "bad-password"; userId?: string; lockedNow?: boolean };

// Unknown users still cost one scrypt run, so response time does not reveal
// which usernames exist.
let dummyHash: Promise<string> | undefined;

/**
 * Checks a username and password. Failed attempts and the lockout live in
 * users.failed_login_count/locked_until and are updated atomically in SQL,
 * so concurrent attempts and several replicas count correctly.
 */
export async function attemptLogin(prisma: PrismaClient, username: string, password: string, now: Date): Promise<LoginOutcome> {
  const user = await prisma.user.findUnique({
    where: { username },
    select: { id: true, username: true, isAdmin: true, isActive: true, passwordHash: true, lockedUntil: true },
  });
  if (!user) {
    dummyHash ??= hashPassword("timing-equaliser-not-a-password");
    await verifyPassword(password, await dummyHash);
    return { ok: false, reason: "unknown-user" };
  }
  if (user.lockedUntil && user.lockedUntil > now) return { ok: false, reason: "locked", userId: user.id };
  const valid = await verifyPassword(password, user.passwordHash);
  if (!valid) {
    const policy = await readLoginPolicy(prisma);
    const lockUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000);
    const rows = await prisma.$queryRaw<{ locked: boolean }[]>`
      UPDATE users SET
        failed_login_count = CASE WHEN failed_login_count + 1 >= ${policy.maxFailedAttempts} THEN 0 ELSE failed_login_count + 1 END,
        locked_until = CASE WHEN failed_login_count + 1 >= ${policy.maxFailedAttempts} THEN ${lockUntil} ELSE locked_until END
      WHERE id = ${user.id}::uuid
      RETURNING locked_until = ${lockUntil} AS locked`;
    return { ok: false, reason: "bad-password", userId: user.id, lockedNow: rows[0]?.locked === true };
  }
  if (!user.isActive) return { ok: false, reason: "inactive", userId: user.id };
  await prisma.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } });
  return { ok: true, user: { id: user.id, username: user.username, isAdmin: user.isAdmin } };
}
