/** A PostgreSQL version as a program or server reports it. */
export interface PgVersion {
  /** As printed, e.g. "15.18" or "9.6.24". */
  text: string;
  /** server_version_num form, e.g. 150018 or 90624. */
  num: number;
  /** Major version label, e.g. "15" or "9.6". */
  major: string;
}

/**
 * Parses `pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)` and the like
 * (also `17devel`, `16beta2`, `9.6.24`). Returns undefined when the output
 * is not a PostgreSQL client's version line.
 */
export function parseClientVersion(output: string): PgVersion | undefined {
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(output);
  if (!match) return undefined;
  const [a, b, c] = [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
  if (a >= 10) return { text: `${a}.${b}`, num: a * 10000 + b, major: String(a) };
  return { text: `${a}.${b}.${c}`, num: a * 10000 + b * 100 + c, major: `${a}.${b}` };
}

/** Builds a version from `server_version_num` (and the `server_version` text when known). */
export function versionFromNum(num: number, text?: string): PgVersion {
  const major = num >= 100000 ? String(Math.floor(num / 10000)) : `${Math.floor(num / 10000)}.${Math.floor(num / 100) % 100}`;
  const fallback = num >= 100000 ? `${major}.${num % 10000}` : `${major}.${num % 100}`;
  return { text: text?.split(" ")[0] ?? fallback, num, major };
}

/** The comparable major part of a version number (150018 -> 150000, 90624 -> 90600). */
export function majorNum(num: number): number {
  return num >= 100000 ? Math.floor(num / 10000) * 10000 : Math.floor(num / 100) * 100;
}
