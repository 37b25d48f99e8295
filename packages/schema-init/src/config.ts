import { readFileSync, statSync } from "node:fs";

import { manifestPath, migrationsDir } from "@netraven/db-schema/core";
import * as z from "zod";

import { ConfigError } from "./errors.js";

// Environment variables schema-init reads. Flags override them (src/cli.ts);
// empty strings count as unset. This is the only module that reads process.env.
const unset = (v: unknown) => (v === "" ? undefined : v);
const str = () => z.preprocess(unset, z.string().optional());
const ms = (fallback: number) => z.preprocess(unset, z.coerce.number().int().min(0).default(fallback));
const isKind = (kind: "directory" | "file") => (p: string) => {
  try {
    return kind === "directory" ? statSync(p).isDirectory() : statSync(p).isFile();
  } catch {
    return false;
  }
};
const bool = (fallback: boolean) =>
  z.preprocess((v) => (typeof v === "string" && v !== "" ? !/^(0|false|no|off)$/i.test(v) : unset(v)), z.boolean().default(fallback));

export const ConfigSchema = z
  .object({
    /** PostgreSQL connection string (direct, not through a transaction pooler: advisory locks need a session). */
    DATABASE_URL: z.preprocess(
      unset,
      z
        .string({ error: "DATABASE_URL is required: set it to postgresql://user:password@host:5432/database" })
        .regex(/^postgres(ql)?:\/\/[^\s]+$/, "DATABASE_URL must be a postgresql://user:password@host:5432/database URL"),
    ),
    /** Schema that holds the tables; used both to migrate and to validate. */
    DATABASE_SCHEMA: z.preprocess(unset, z.string().regex(/^[a-z_][a-z0-9_]*$/, "DATABASE_SCHEMA must be a lower-case identifier").default("public")),
    /** Give up waiting for the database after this long. */
    SCHEMA_INIT_WAIT_TIMEOUT_MS: ms(60_000),
    /** Give up waiting for another run's lock after this long. */
    SCHEMA_INIT_LOCK_TIMEOUT_MS: ms(300_000),
    /** "wait" polls for the lock; "fail" exits at once when another run holds it. */
    SCHEMA_INIT_LOCK_MODE: z.preprocess(unset, z.enum(["wait", "fail"]).default("wait")),
    /** Create the target database when it does not exist and the role may. */
    SCHEMA_INIT_CREATE_DATABASE: bool(true),
    /** Seed defaults (settings, default tag, admin user). */
    SCHEMA_INIT_SEED: bool(true),
    ADMIN_USERNAME: z.preprocess(unset, z.string().min(1).max(50).default("admin")),
    ADMIN_EMAIL: z.preprocess(unset, z.string().email().default("admin@netraven.local")),
    /** Initial admin password; else ADMIN_PASSWORD_FILE; else a random one printed once. */
    ADMIN_PASSWORD: z.preprocess(unset, z.string().min(12, "ADMIN_PASSWORD must be at least 12 characters").optional()),
    ADMIN_PASSWORD_FILE: str(),
    /** Directory of `<name>/migration.sql` folders to apply and compare with. */
    SCHEMA_INIT_MIGRATIONS_DIR: z.preprocess(
      unset,
      z.string().refine(isKind("directory"), "SCHEMA_INIT_MIGRATIONS_DIR (--migrations-dir) is not a directory: point it at the folder holding <name>/migration.sql directories").default(migrationsDir),
    ),
    /** Schema manifest (JSON) the database is validated against; give one that matches the migrations. */
    SCHEMA_INIT_MANIFEST: z.preprocess(
      unset,
      z.string().refine(isKind("file"), "SCHEMA_INIT_MANIFEST (--manifest) is not a file: point it at a schema-manifest.json").default(manifestPath),
    ),
    LOG_FORMAT: z.preprocess(unset, z.enum(["text", "json"]).default("text")),
    LOG_LEVEL: z.preprocess(unset, z.enum(["debug", "info"]).default("info")),
  });

export type Config = z.infer<typeof ConfigSchema>;

/**
 * Parses the environment (plus overrides from flags) once and reports every
 * problem at once. Values are never echoed back, since some are secrets.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<keyof Config, unknown>> = {}): Readonly<Config> {
  const input: Record<string, unknown> = { ...env };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) input[key] = value;
  if (input.ADMIN_PASSWORD === undefined && typeof input.ADMIN_PASSWORD_FILE === "string" && input.ADMIN_PASSWORD_FILE !== "") {
    input.ADMIN_PASSWORD = readSecretFile(input.ADMIN_PASSWORD_FILE);
  }
  const result = ConfigSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".") || "config"}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`, { issues: result.error.issues.map((i) => i.path.join(".")) });
  }
  return Object.freeze(result.data);
}

function readSecretFile(file: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    throw new ConfigError(`ADMIN_PASSWORD_FILE ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}): mount the secret or unset the variable.`, {}, { cause: error });
  }
}
