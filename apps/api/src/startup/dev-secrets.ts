import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import { EXIT_CODES } from "@netraven/runtime";

import type { Config } from "../config.js";
import { StartupError } from "../errors.js";
import type { ResolvedSecrets } from "../server/server-config.js";

/** Where the generated development secrets are kept. */
export const DEV_SECRETS_FILE = "dev-secrets.json";

/** Resolved secrets plus where they came from, for the start-up message. */
export interface SecretResolution {
  secrets: ResolvedSecrets;
  /** The development file, when any secret came from it. */
  file?: string;
  /** True when this call generated the file. */
  created: boolean;
}

/**
 * Secrets from the environment win. Outside production, missing ones come
 * from `<stateDir>/dev-secrets.json` (mode 0600), generated on first use and
 * kept so tokens and encrypted credentials survive restarts. Production never
 * reaches this point without both (loadConfig refuses).
 */
export async function resolveSecrets(config: Config, stateDir: string): Promise<SecretResolution> {
  if (config.JWT_SECRET && config.ENCRYPTION_KEYS) {
    return { secrets: { jwtSecret: config.JWT_SECRET, encryptionKeys: config.ENCRYPTION_KEYS }, created: false };
  }
  const file = path.join(stateDir, DEV_SECRETS_FILE);
  const created = !existsSync(file);
  const stored = created ? await createDevSecrets(file) : await readDevSecrets(file);
  return {
    secrets: { jwtSecret: config.JWT_SECRET ?? stored.jwtSecret, encryptionKeys: config.ENCRYPTION_KEYS ?? stored.encryptionKeys },
    file,
    created,
  };
}

async function createDevSecrets(file: string): Promise<ResolvedSecrets> {
  const secrets: ResolvedSecrets = {
    jwtSecret: randomBytes(48).toString("base64"),
    encryptionKeys: `dev1:${randomBytes(32).toString("base64")}`,
  };
  try {
    // The directory keeps default permissions: when run as root, embedded
    // PostgreSQL runs as an unprivileged user and must reach its data below it.
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    throw new StartupError(`Cannot write ${file}: set NETRAVEN_STATE_DIR to a writable directory.`, EXIT_CODES.CANT_CREATE, { cause: error });
  }
  return secrets;
}

async function readDevSecrets(file: string): Promise<ResolvedSecrets> {
  const parsed = JSON.parse(await readFile(file, "utf8")) as Partial<ResolvedSecrets>;
  if (typeof parsed.jwtSecret !== "string" || typeof parsed.encryptionKeys !== "string") {
    throw new StartupError(`${file} is damaged: restore it, or delete it to generate new secrets (stored credentials then become unreadable).`, EXIT_CODES.CONFIG);
  }
  // Keep the file private even if someone loosened it.
  await chmod(file, 0o600);
  return { jwtSecret: parsed.jwtSecret, encryptionKeys: parsed.encryptionKeys };
}
