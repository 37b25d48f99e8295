import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import type { MigrationList } from "@prisma/schema-engine-wasm";

/** File name of a migration script inside its directory (Prisma layout). */
export const MIGRATION_FILE = "migration.sql";
/** Lock file Prisma keeps next to the migrations. */
export const LOCKFILE = "migration_lock.toml";

/** One committed migration read from disk. */
export interface MigrationScript {
  /** Directory name, e.g. `20261124000000_init`; migrations apply in name order. */
  name: string;
  /** The SQL text exactly as on disk. */
  sql: string;
  /** Hex SHA-256 of `sql`, as Prisma stores it in `_prisma_migrations.checksum`. */
  checksum: string;
}

/** Hex SHA-256 of a script, as `_prisma_migrations.checksum` holds it. */
export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

/** Reads every `<name>/migration.sql` under `dir`, sorted by name. */
export async function readMigrations(dir: string): Promise<MigrationScript[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, MIGRATION_FILE), "utf8");
      return { name, sql, checksum: checksumOf(sql) };
    }),
  );
}

/** The engine's view of a migrations directory. */
export async function toMigrationList(dir: string, scripts: MigrationScript[]): Promise<MigrationList> {
  const lockContent = await readFile(path.join(dir, LOCKFILE), "utf8").catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: LOCKFILE, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories: scripts.map((m) => ({
      path: m.name,
      migrationFile: { path: MIGRATION_FILE, content: { tag: "ok", value: m.sql } },
    })),
  };
}
