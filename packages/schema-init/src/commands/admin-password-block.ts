const RULE = "=".repeat(72);

/**
 * The generated first-run admin password as its own block on stdout, shown
 * once. It is never written through the logger: log collectors keep lines for
 * months, and a container's stdout is captured too (docs say so, and that
 * ADMIN_PASSWORD / ADMIN_PASSWORD_FILE avoid a generated password).
 */
export function formatAdminPasswordBlock(username: string, password: string): string {
  return [
    "",
    RULE,
    `FIRST-RUN ADMIN PASSWORD for user "${username}" (shown once, not logged):`,
    "",
    `    ${password}`,
    "",
    "Log in and change it now. To choose it yourself, set ADMIN_PASSWORD or",
    "ADMIN_PASSWORD_FILE before the first start.",
    RULE,
    "",
  ].join("\n");
}
