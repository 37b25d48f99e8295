import { readFileSync } from "node:fs";

import { configError } from "./env.js";

/**
 * The `X_FILE` convention (Docker/Kubernetes secrets): for each name, when
 * `NAME_FILE` is set, its file's content (minus one trailing newline) becomes
 * `NAME`. Returns a new object; `env` is not changed. Throws one ConfigError
 * for every unreadable file and every name set both ways.
 */
export function resolveFileSecrets(env: Record<string, string | undefined>, names: readonly string[]): Record<string, string | undefined> {
  const out = { ...env };
  const problems: string[] = [];
  for (const name of names) {
    const file = env[`${name}_FILE`];
    if (file === undefined || file === "") continue;
    if (env[name] !== undefined && env[name] !== "") {
      problems.push(`${name}: set ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      out[name] = readFileSync(file, "utf8").replace(/\r?\n$/, "");
      delete out[`${name}_FILE`];
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "read error";
      problems.push(`${name}_FILE: cannot read ${file} (${code}): mount the secret there or unset ${name}_FILE`);
    }
  }
  if (problems.length > 0) throw configError(problems);
  return out;
}
