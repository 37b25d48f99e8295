import { readFileSync } from "node:fs";

let version: string | undefined;

/**
 * This package's version, for `--version` and the run history. Read from
 * package.json next to `dist/` (or `src/`) on first use: the bundled CLI and
 * the library then report the same one without a build-time constant.
 * "unknown" if a repackaging left package.json behind (never a crash at start).
 */
export function schemaInitVersion(): string {
  if (version === undefined) {
    try {
      version = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
    } catch {
      version = "unknown";
    }
  }
  return version;
}
