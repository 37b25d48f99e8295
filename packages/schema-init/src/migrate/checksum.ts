import { createHash } from "node:crypto";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const unpad = (hex: string) => hex.toLowerCase().replace(/^0+/, "");

/**
 * Compares a script with the checksum Prisma stored for it, the way Prisma
 * does: the raw text, then with CRLF turned to LF and LF to CRLF (so a
 * checkout with other line endings is not "edited"), and accepting stored
 * values without leading zeros (written by old Prisma versions).
 */
export function checksumMatches(script: string, stored: string): boolean {
  const want = unpad(stored);
  const variants = [script, script.replace(/\r\n/g, "\n"), script.replace(/\r?\n/g, "\r\n")];
  return variants.some((variant) => unpad(sha256(variant)) === want);
}
