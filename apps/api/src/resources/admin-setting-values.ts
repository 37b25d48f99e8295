import { z } from "zod";

const minutes = (max: number) => z.number().int().min(1).max(max);
const flag = z.boolean();

/**
 * The schema of each known setting's value (the keys schema-init seeds), with
 * bounds that keep every use of it sane: a lockout of 10^15 minutes overflows
 * the timestamp the login writes; a zero would switch the lockout off.
 */
export const SETTING_VALUES: Record<string, z.ZodType> = {
  "security.password_policy.min_length": z.number().int().min(8).max(256),
  "security.password_policy.require_uppercase": flag,
  "security.password_policy.require_lowercase": flag,
  "security.password_policy.require_number": flag,
  "security.password_policy.require_special": flag,
  "security.token.access_token_expire_minutes": minutes(24 * 60),
  "security.token.refresh_token_expire_days": z.number().int().min(1).max(365),
  "security.login.max_failed_attempts": z.number().int().min(1).max(100),
  "security.login.lockout_minutes": minutes(7 * 24 * 60),
  "system.general.application_name": z.string().trim().min(1).max(100),
  "system.jobs.max_concurrent_jobs": z.number().int().min(1).max(1000),
  "system.backup.enabled": flag,
  "system.backup.frequency_hours": z.number().int().min(1).max(24 * 365),
  "system.backup.retention_days": z.number().int().min(1).max(36_500),
  "system.backup.storage_type": z.enum(["local", "s3"]),
  "notification.email.enabled": flag,
  "notification.email.from_address": z.email().max(254),
  "notification.email.smtp_server": z.string().max(253).regex(/^[A-Za-z0-9.-]*$/, "must be a host name"),
  "notification.email.smtp_port": z.number().int().min(1).max(65_535),
  "notification.email.smtp_use_tls": flag,
  "notification.email.smtp_username": z.string().max(255),
  "notification.email.smtp_password": z.string().max(1024),
};

// Settings an operator added outside the seed are checked by their declared type.
const BY_TYPE: Record<string, z.ZodType> = {
  number: z.number().min(-1e9).max(1e9),
  boolean: flag,
  string: z.string().max(10_000),
};

/** The schema a setting's new value must satisfy: its own, else its declared type's. */
export function settingValueSchema(key: string, valueType: string): z.ZodType | undefined {
  return SETTING_VALUES[key] ?? BY_TYPE[valueType];
}
