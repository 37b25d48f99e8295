import { hash } from "node:crypto";

const sha256 = (text: string) => hash("sha256", text);
const unpad = (hex: string) => hex.toLowerCase().replace(/^0+/, "");

/**
 * Compares a script with the checksum Prisma stored for it, the way Prisma
 * does: the raw text, then with CRLF turned to LF and LF to CRLF (so a
 * checkout with other line endings is not "edited"), and accepting stored
 * values without leading zeros (written by old Prisma versions).
 */
export function checksumMatches(script: string, stored: string, scriptChecksum?: string): boolean {
  const want = unpad(stored);
  // The raw text's digest is usually known already (read with the file): an unchanged file costs no hashing.
  if (scriptChecksum !== undefined && unpad(scriptChecksum) === want) return true;
  // Variants are built one at a time: each costs a copy of the script and a digest.
  const variants = [() => script, () => script.replace(/\r\n/g, "\n"), () => script.replace(/\r?\n/g, "\r\n")];
  return variants.some((variant) => unpad(sha256(variant())) === want);
}
