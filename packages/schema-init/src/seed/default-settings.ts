/** One default row of admin_settings. */
export interface DefaultSetting {
  key: string;
  value: string | number | boolean;
  valueType: "string" | "number" | "boolean" | "json";
  category: "security" | "system" | "notification";
  description: string;
  isRequired: boolean;
  isSensitive: boolean;
}

const s = (
  category: DefaultSetting["category"],
  key: string,
  value: DefaultSetting["value"],
  description: string,
  flags: { required?: boolean; sensitive?: boolean } = {},
): DefaultSetting => ({
  key,
  value,
  valueType: typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : "string",
  category,
  description,
  isRequired: flags.required ?? true,
  isSensitive: flags.sensitive ?? false,
});

/**
 * The 22 settings of the original NetRaven, inserted only when missing: an
 * operator's edits are never overwritten. The SMTP password is sensitive
 * (masked by the API) and starts empty.
 */
export const DEFAULT_SETTINGS: readonly DefaultSetting[] = [
  s("security", "security.password_policy.min_length", 8, "Minimum password length"),
  s("security", "security.password_policy.require_uppercase", true, "Passwords need an upper-case letter"),
  s("security", "security.password_policy.require_lowercase", true, "Passwords need a lower-case letter"),
  s("security", "security.password_policy.require_number", true, "Passwords need a digit"),
  s("security", "security.password_policy.require_special", true, "Passwords need a special character"),
  s("security", "security.token.access_token_expire_minutes", 30, "Lifetime of an access token"),
  s("security", "security.token.refresh_token_expire_days", 7, "Lifetime of a refresh token"),
  s("security", "security.login.max_failed_attempts", 5, "Failed logins before the account is locked"),
  s("security", "security.login.lockout_minutes", 15, "How long a locked account stays locked"),
  s("system", "system.general.application_name", "NetRaven", "Name shown in the UI"),
  s("system", "system.jobs.max_concurrent_jobs", 5, "Jobs run at the same time"),
  s("system", "system.backup.enabled", true, "Device configuration backups are enabled"),
  s("system", "system.backup.frequency_hours", 24, "Hours between device configuration backups"),
  s("system", "system.backup.retention_days", 30, "Days device configuration backups are kept"),
  s("system", "system.backup.storage_type", "local", "Where device configurations are stored: local, s3"),
  s("notification", "notification.email.enabled", false, "Send e-mail notifications"),
  s("notification", "notification.email.from_address", "noreply@example.com", "Sender address"),
  s("notification", "notification.email.smtp_server", "smtp.example.com", "SMTP server"),
  s("notification", "notification.email.smtp_port", 587, "SMTP port"),
  s("notification", "notification.email.smtp_use_tls", true, "Use TLS for SMTP"),
  s("notification", "notification.email.smtp_username", "", "SMTP user name", { required: false, sensitive: true }),
  s("notification", "notification.email.smtp_password", "", "SMTP password", { required: false, sensitive: true }),
];

/** Name of the tag every installation starts with. */
export const DEFAULT_TAG = { name: "default", description: "Default tag for all devices", color: "#6366F1" } as const;
