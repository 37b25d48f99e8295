import { randomBytes } from "node:crypto";

import { hashPassword } from "@netraven/runtime/password";
import type pg from "pg";

import { SeedFailedError } from "../errors.js";
import type { Logger } from "@netraven/runtime";
import { literal } from "../migrate/history-table.js";
import { DEFAULT_SETTINGS, DEFAULT_TAG } from "./default-settings.js";

/** Options for {@link seedDefaults}. */
export interface SeedDefaultsOptions {
  client: pg.Client;
  /** Username of the first admin. @default "admin" */
  adminUsername?: string;
  /** @default "admin@netraven.local" */
  adminEmail?: string;
  /** Password of the first admin; when absent a random one is generated and returned once. */
  adminPassword?: string | undefined;
  logger: Logger;
}

/** What seeding did. A second run reports nothing inserted. */
export interface SeedReport {
  settingsInserted: number;
  defaultTagCreated: boolean;
  admin: {
    created: boolean;
    username: string;
    /** Only when created here without ADMIN_PASSWORD: shown once, never stored in clear or logged. */
    generatedPassword?: string;
  };
}

/**
 * Inserts the default settings, the default tag and the first admin, each
 * only if missing, in one transaction. Never updates existing rows, so edits
 * survive restarts. The admin is created only when no admin user exists.
 * Callers hold the schema lock, so concurrent runs never seed at once.
 */
export async function seedDefaults(options: SeedDefaultsOptions): Promise<SeedReport> {
  const { client } = options;
  const username = options.adminUsername ?? "admin";
  try {
    // One message for the common case (everything seeded before, an admin exists): each round trip is a
    // wait for the server, and a no-op run is mostly waits. Literals, not parameters, since a multi-statement
    // query takes none.
    const results = (await client.query(
      `BEGIN;
       INSERT INTO admin_settings (key, value, value_type, category, description, is_required, is_sensitive, display_order)
       SELECT s.key, s.value, s.value_type, s.category, s.description, s.is_required, s.is_sensitive, s.display_order
       FROM jsonb_to_recordset(${literal(JSON.stringify(settingsRows()))}::jsonb) AS s(key text, value jsonb, value_type text, category text, description text, is_required boolean, is_sensitive boolean, display_order int)
       ON CONFLICT (key) DO NOTHING;
       INSERT INTO tags (name, description, color) VALUES (${literal(DEFAULT_TAG.name)}, ${literal(DEFAULT_TAG.description)}, ${literal(DEFAULT_TAG.color)}) ON CONFLICT (name) DO NOTHING;
       SELECT EXISTS (SELECT 1 FROM users WHERE is_admin) AS has_admin`,
    )) as unknown as pg.QueryResult[];
    const [, settings, tag, admins] = results;
    const hasAdmin = (admins?.rows[0] as { has_admin?: boolean } | undefined)?.has_admin === true;
    const admin = hasAdmin ? { created: false, username } : await createAdmin(client, username, options.adminEmail ?? "admin@netraven.local", options.adminPassword);
    await client.query("COMMIT");
    const report: SeedReport = { settingsInserted: settings?.rowCount ?? 0, defaultTagCreated: (tag?.rowCount ?? 0) > 0, admin };
    options.logger.info("Seeded defaults", {
      settingsInserted: report.settingsInserted,
      defaultTagCreated: report.defaultTagCreated,
      adminCreated: admin.created,
    });
    return report;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw new SeedFailedError(`Seeding defaults failed: ${(error as Error).message}. Nothing was seeded; fix the cause and run schema-init again.`, { cause: error });
  }
}

function settingsRows() {
  const order = new Map<string, number>();
  return DEFAULT_SETTINGS.map((setting) => {
    const displayOrder = order.get(setting.category) ?? 0;
    order.set(setting.category, displayOrder + 1);
    return {
      key: setting.key,
      value: setting.value,
      value_type: setting.valueType,
      category: setting.category,
      description: setting.description,
      is_required: setting.isRequired,
      is_sensitive: setting.isSensitive,
      display_order: displayOrder,
    };
  });
}

async function createAdmin(client: pg.Client, username: string, email: string, password: string | undefined): Promise<SeedReport["admin"]> {
  const generated = password === undefined ? randomBytes(18).toString("base64url") : undefined;
  await client.query("INSERT INTO users (username, email, password_hash, is_admin, full_name) VALUES ($1, $2, $3, true, 'Administrator')", [
    username,
    email,
    await hashPassword(password ?? generated ?? ""),
  ]);
  return generated ? { created: true, username, generatedPassword: generated } : { created: true, username };
}
