/** Replacement text for any secret removed from a message: the one mask of every program. */
export const REDACTED = "***";

// postgres://user:secret@host/db -> postgres://user:***@host/db (any scheme).
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@\s]*)(@)/gi;
// libpq `password=...` pairs and environment-style `PGPASSWORD=...`.
const KV_PASSWORD = /(\b\w*password\s*=\s*)('[^']*'|[^\s&]+)/gi;
// `Authorization: Bearer <token>` quoted in an error.
const BEARER = /(\bBearer\s+)[A-Za-z0-9._~+/-]+=*/g;

/**
 * Keys whose values are secrets, anywhere in a logged object. One rule set
 * for every program: the union of what schema-init, backup and the API masked.
 */
const SECRET_KEY = /password|passphrase|secret|token|api[-_]?key|private[-_]?key|authorization|cookie|credential/i;
// ...unless the key names a fact about the secret rather than the secret.
const FACT_SUFFIX = /(Ms|Count|Version|Id|Ids|At|Length|Bytes|Type|Kind|Name|File|Path)$/;

/** True when a context key's value must be masked (`password`, `apiKey`, `DATABASE_PASSWORD`; not `tokenVersion`, `retryMs`). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !FACT_SUFFIX.test(key);
}

/** Removes passwords from connection strings, `password=` pairs and bearer tokens in any text. */
export function redactSecrets(text: string): string {
  return text.replace(URL_PASSWORD, maskUrlPassword).replace(KV_PASSWORD, `$1${REDACTED}`).replace(BEARER, `$1${REDACTED}`);
}

// The placeholder of DATABASE_URL_SHAPE and the help texts (postgresql://USER:PASSWORD@HOST...) is no
// secret: masking it hid the very shape a "set it to ..." message asks for.
function maskUrlPassword(match: string, head: string, password: string, at: string): string {
  return password === "PASSWORD" && head.endsWith("//USER:") ? match : `${head}${REDACTED}${at}`;
}

/** Removes the password from one connection string (any text is accepted). */
export function redactConnectionString(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = REDACTED;
    for (const key of [...parsed.searchParams.keys()]) {
      if (/pass/i.test(key)) parsed.searchParams.set(key, REDACTED);
    }
    return parsed.toString();
  } catch {
    return redactSecrets(url);
  }
}

/** {@link redactSecrets} plus literal secrets (a password read from a file), each cut out wherever it appears. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = redactSecrets(text);
  for (const secret of secrets) {
    // Very short "secrets" would shred ordinary words; a real password is longer.
    if (secret.length >= 3) out = out.split(secret).join(REDACTED);
  }
  return out;
}

const MAX_DEPTH = 8;

/**
 * Deep copy with secrets masked: values under secret keys ({@link isSecretKey})
 * become `***`, strings lose connection-string passwords and the literal
 * `secrets`, Errors become `{ name, message, code? }`. Cycles and depth are bounded.
 */
export function redactValue(value: unknown, secrets: readonly string[] = []): unknown {
  return walk(value, secrets, new WeakSet(), 0);
}

function walk(value: unknown, secrets: readonly string[], seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === "string") return redactText(value, secrets);
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof Date) return value;
  if (seen.has(value)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[Truncated]";
  seen.add(value);
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: redactText(value.message, secrets), ...(code === undefined ? {} : { code }) };
  }
  if (Array.isArray(value)) return value.map((item) => walk(item, secrets, seen, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const masked = isSecretKey(key) && item !== undefined && item !== null && typeof item !== "boolean";
    out[key] = masked ? REDACTED : walk(item, secrets, seen, depth + 1);
  }
  return out;
}
