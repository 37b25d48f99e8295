import type { PrismaClient } from "@netraven/db-schema";
import type { z } from "zod";

import { SETTING_VALUES } from "../resources/admin-setting-values.js";

/** The security settings the API enforces, read from admin_settings so a change applies at once on every replica. */
export interface SecuritySettings {
  maxFailedAttempts: number;
  lockoutMinutes: number;
  accessTokenMinutes: number;
  password: { minLength: number; upper: boolean; lower: boolean; digit: boolean; special: boolean };
}

const KEYS = {
  maxFailedAttempts: "security.login.max_failed_attempts",
  lockoutMinutes: "security.login.lockout_minutes",
  accessTokenMinutes: "security.token.access_token_expire_minutes",
  minLength: "security.password_policy.min_length",
  upper: "security.password_policy.require_uppercase",
  lower: "security.password_policy.require_lowercase",
  digit: "security.password_policy.require_number",
  special: "security.password_policy.require_special",
} as const;

/** Used when a setting is missing, or holds a value outside its schema (written before the schemas existed). */
export const DEFAULT_SECURITY: SecuritySettings = {
  maxFailedAttempts: 5,
  lockoutMinutes: 15,
  accessTokenMinutes: 30,
  password: { minLength: 8, upper: true, lower: true, digit: true, special: true },
};

/** Reads every security setting in one query; each value is checked against its own schema. */
export async function readSecuritySettings(prisma: PrismaClient): Promise<SecuritySettings> {
  const rows = await prisma.adminSetting.findMany({ where: { key: { in: Object.values(KEYS) } }, select: { key: true, value: true } });
  const read = <T>(key: string, fallback: T): T => {
    const schema = SETTING_VALUES[key] as z.ZodType<T> | undefined;
    const parsed = schema?.safeParse(rows.find((row) => row.key === key)?.value);
    return parsed?.success ? parsed.data : fallback;
  };
  const d = DEFAULT_SECURITY;
  return {
    maxFailedAttempts: read(KEYS.maxFailedAttempts, d.maxFailedAttempts),
    lockoutMinutes: read(KEYS.lockoutMinutes, d.lockoutMinutes),
    accessTokenMinutes: read(KEYS.accessTokenMinutes, d.accessTokenMinutes),
    password: {
      minLength: read(KEYS.minLength, d.password.minLength),
      upper: read(KEYS.upper, d.password.upper),
      lower: read(KEYS.lower, d.password.lower),
      digit: read(KEYS.digit, d.password.digit),
      special: read(KEYS.special, d.password.special),
    },
  };
}
