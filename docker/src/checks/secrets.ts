import type { StackFiles } from "../stack-files.js";
import { envEntries } from "../stack-files.js";

const SECRET_WORDS = new Set(["PASSWORD", "PASSWD", "PASS", "SECRET", "SECRETS", "TOKEN", "KEY", "KEYS", "PASSPHRASE", "CREDENTIALS"]);
// `${VAR}`, `${VAR:?message}`, `${VAR?message}` or an empty default `${VAR:-}`.
const REFERENCE_ONLY = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?:(?::?\?)[^}]*|:?-)?\}$/;
const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:([^@\s]*)@/gi;

/** True for names such as POSTGRES_PASSWORD, JWT_SECRET, ENCRYPTION_KEYS (not *_FILE paths). */
export function isSecretName(name: string): boolean {
  const words = name.toUpperCase().split(/[^A-Z0-9]+/);
  return words.at(-1) !== "FILE" && words.some((word) => SECRET_WORDS.has(word));
}

/**
 * No literal secret in the compose file or .env.example: secret-named
 * variables are pure `${VAR}` references without a literal default, every
 * URL's password is one too, and .env.example leaves secrets and required
 * variables empty. (The original system defaulted its secrets.)
 */
export function checkNoInlineSecrets(files: StackFiles): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(files.compose.services)) {
    for (const [key, value] of Object.entries(service.environment ?? {})) {
      if (isSecretName(key) && value !== null && !REFERENCE_ONLY.test(value)) {
        problems.push(`${name}.environment.${key} must be a \${VAR} reference without a literal default, not ${JSON.stringify(value.slice(0, 3))}...`);
      }
    }
  }
  for (const match of files.composeText.matchAll(URL_PASSWORD)) {
    if (!REFERENCE_ONLY.test(match[1] ?? "")) problems.push(`A URL in docker-compose.yml carries a literal password: make it a \${VAR} reference.`);
  }
  const required = new Set([...files.composeText.replaceAll("$$", "").matchAll(/\$\{([A-Z][A-Z0-9_]*):?\?/g)].map((m) => m[1]));
  for (const [key, value] of envEntries(files.envExample)) {
    if (value !== "" && (required.has(key) || isSecretName(key))) problems.push(`.env.example must leave ${key} empty (operators set secrets; none ship in the repository).`);
  }
  return problems;
}
