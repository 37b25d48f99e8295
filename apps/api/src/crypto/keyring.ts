import { ConfigError } from "@netraven/runtime";

/** Encryption keys by id; new secrets use `activeKeyId`, old ones keep the id they were written with. */
export interface Keyring {
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const KEY_BYTES = 32;

/**
 * Parses `kid1:<base64>,kid2:<base64>` (32-byte keys). The active key defaults
 * to the first one listed. Never echoes key material in its errors.
 */
export function parseKeyring(spec: string, activeKeyId?: string): Keyring {
  const keys = new Map<string, Buffer>();
  const problems: string[] = [];
  for (const [index, entry] of spec.split(",").map((e) => e.trim()).filter(Boolean).entries()) {
    const separator = entry.indexOf(":");
    const id = separator > 0 ? entry.slice(0, separator) : "";
    if (!KEY_ID.test(id)) {
      problems.push(`entry ${index + 1} needs the form <key id>:<base64 key> with an id of letters, digits, '.', '_' or '-'`);
      continue;
    }
    const key = Buffer.from(entry.slice(separator + 1), "base64");
    if (key.length !== KEY_BYTES) problems.push(`key "${id}" must decode to ${KEY_BYTES} bytes (got ${key.length})`);
    else if (keys.has(id)) problems.push(`key id "${id}" appears twice`);
    else keys.set(id, key);
  }
  if (keys.size === 0 && problems.length === 0) problems.push("no key given");
  const active = activeKeyId ?? keys.keys().next().value;
  if (active !== undefined && keys.size > 0 && !keys.has(active)) {
    problems.push(`ENCRYPTION_ACTIVE_KEY_ID "${active}" is not in ENCRYPTION_KEYS`);
  }
  if (problems.length > 0 || active === undefined) {
    throw new ConfigError(
      `ENCRYPTION_KEYS is invalid:\n${problems.map((p) => `- ${p}`).join("\n")}\nGenerate a key with \`echo key1:$(openssl rand -base64 32)\`.`,
    );
  }
  return { activeKeyId: active, keys };
}
