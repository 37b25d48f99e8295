import type { PgVersion } from "./version.js";
import { majorNum } from "./version.js";

/** The version of the higher major (the first one on a tie), with what it belongs to. */
export function newerVersion(a: { version: PgVersion; of: string }, b: { version: PgVersion; of: string }): { version: PgVersion; of: string } {
  return majorNum(b.version.num) > majorNum(a.version.num) ? b : a;
}
