import { readFileSync } from "node:fs";

let version: string | undefined;

/**
 * This package's version, for `--version` and the run history. Read from
 * package.json next to `dist/` (or `src/`) on first use: the bundled CLI and
 * the library then report the same one without a build-time constant.
 */
export function schemaInitVersion(): string {
  return (version ??= (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version);
}
