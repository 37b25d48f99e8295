import { chmod, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** Where the generated first-run admin password is kept, in the state directory. */
export const ADMIN_PASSWORD_FILE = "initial-admin-password";

/** The seeded admin whose password schema-init generated on this run. */
export interface FirstRunAdmin {
  username: string;
  password: string;
  /** The 0600 file holding the password; undefined when it could not be written. */
  file?: string;
}

/**
 * Writes the generated password to `<stateDir>/initial-admin-password`, mode
 * 0600 from the first byte (never in the log stream, which collectors keep).
 * Returns the path.
 */
export async function writeFirstRunPassword(stateDir: string, password: string): Promise<string> {
  const file = path.join(stateDir, ADMIN_PASSWORD_FILE);
  await mkdir(stateDir, { recursive: true });
  // A file left by an earlier first run may have looser permissions: replace it rather than reuse its mode.
  await rm(file, { force: true });
  await writeFile(file, `${password}\n`, { mode: 0o600, flag: "wx" });
  await chmod(file, 0o600);
  return file;
}

/**
 * What the operator is told once on stdout: where the password is, and the
 * password itself in a marked block only on a terminal (or when no file could
 * be written, so it is not lost).
 */
export function describeFirstRunAdmin(admin: FirstRunAdmin, stdoutIsTty: boolean): string[] {
  const lines: string[] = [];
  if (admin.file) lines.push(`First run: the generated password of "${admin.username}" is in ${admin.file} (mode 0600). Log in, change it, then delete the file.`);
  if (stdoutIsTty || !admin.file) {
    const rule = "=".repeat(64);
    lines.push(
      rule,
      "  FIRST-RUN ADMIN PASSWORD (shown once; change it after logging in)",
      `  user:     ${admin.username}`,
      `  password: ${admin.password}`,
      rule,
    );
  }
  return lines;
}
