import { environmentOf } from "../compose/normalise-service.js";
import type { ComposeFile } from "../compose/types.js";

const SECRET_WORDS = new Set(["PASSWORD", "PASSWD", "PASS", "SECRET", "SECRETS", "TOKEN", "KEY", "KEYS", "PASSPHRASE", "CREDENTIALS"]);
// `${VAR}`, `${VAR:?message}`, `${VAR?message}` or an empty default `${VAR:-}`.
const REFERENCE_ONLY = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?:(?::?\?)[^}]*|:?-)?\}$/;
const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:([^@\s]*)@/gi;

/** True for names such as POSTGRES_PASSWORD, JWT_SECRET, ENCRYPTION_KEYS (not *_FILE paths). */
export function isSecretName(name: string): boolean {
  const words = name.toUpperCase().split(/[^A-Z0-9]+/);
  return words.at(-1) !== "FILE" && words.some((word) => SECRET_WORDS.has(word));
}

function strings(value: unknown, path: string, out: [string, string][]): [string, string][] {
  if (typeof value === "string") out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((item, i) => strings(item, `${path}[${i}]`, out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) strings(v, path ? `${path}.${k}` : k, out);
  return out;
}

/**
 * No literal secret anywhere in the compose file: secret-named variables and
 * build args are pure `${VAR}` references without a literal default, and the
 * password of every URL is one too. (The original defaulted its secrets.)
 */
export function checkNoInlineSecrets(compose: ComposeFile): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    for (const [key, value] of Object.entries(environmentOf(service))) {
      if (isSecretName(key) && value !== undefined && !REFERENCE_ONLY.test(value)) {
        problems.push(`${name}.environment.${key} must be a \${VAR} reference without a literal default, not ${JSON.stringify(value.slice(0, 3))}...`);
      }
    }
    const args = typeof service.build === "object" ? service.build.args : undefined;
    const argNames = Array.isArray(args) ? args.map((a) => a.split("=")[0] ?? "") : Object.keys(args ?? {});
    for (const key of argNames.filter(isSecretName)) problems.push(`${name}.build.args.${key}: secrets must not be build arguments (they stay in the image history).`);
  }
  for (const [path, text] of strings(compose, "", [])) {
    for (const match of text.matchAll(URL_PASSWORD)) {
      if (!REFERENCE_ONLY.test(match[1] ?? "")) problems.push(`${path}: the URL's password must be a \${VAR} reference.`);
    }
  }
  return problems;
}
