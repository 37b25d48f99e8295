import type { PrismaClient } from "@netraven/db-schema";

/** Lockout limits, read from admin_settings on every login so a change applies at once on every replica. */
export interface LoginPolicy {
  maxFailedAttempts: number;
  lockoutMinutes: number;
}

/** Setting keys seeded by schema-init. */
export const LOGIN_SETTING_KEYS = {
  maxFailedAttempts: "security.login.max_failed_attempts",
  lockoutMinutes: "security.login.lockout_minutes",
} as const;

/** Used when a setting is missing or not a positive integer. */
export const DEFAULT_LOGIN_POLICY: LoginPolicy = { maxFailedAttempts: 5, lockoutMinutes: 15 };

/** Reads the lockout limits from admin_settings. */
export async function readLoginPolicy(prisma: PrismaClient): Promise<LoginPolicy> {
  const rows = await prisma.adminSetting.findMany({
    where: { key: { in: Object.values(LOGIN_SETTING_KEYS) } },
    select: { key: true, value: true },
  });
  const value = (key: string, fallback: number) => {
    const raw = rows.find((row) => row.key === key)?.value;
    const parsed = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw) : Number.NaN;
    return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
  };
  return {
    maxFailedAttempts: value(LOGIN_SETTING_KEYS.maxFailedAttempts, DEFAULT_LOGIN_POLICY.maxFailedAttempts),
    lockoutMinutes: value(LOGIN_SETTING_KEYS.lockoutMinutes, DEFAULT_LOGIN_POLICY.lockoutMinutes),
  };
}
