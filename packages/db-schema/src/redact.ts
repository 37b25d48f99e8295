/** Replacement text for any secret removed from a message. */
export const REDACTED = "***";

// postgres://user:secret@host/db -> postgres://user:***@host/db; also handles
// `password=...` key/value pairs (libpq style) that users put in URLs or errors.
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@\s]*)(@)/gi;
const KV_PASSWORD = /(\bpassword\s*=\s*)('[^']*'|[^\s&]+)/gi;

/** Removes passwords from connection strings and `password=` pairs in any text. */
export function redactSecrets(text: string): string {
  return text.replace(URL_PASSWORD, `$1${REDACTED}$3`).replace(KV_PASSWORD, `$1${REDACTED}`);
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
