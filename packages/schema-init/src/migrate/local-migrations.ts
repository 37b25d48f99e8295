import type { MigrationScript } from "@netraven/db-schema/core";
import { migrationsDir, readMigrations } from "@netraven/db-schema/core";

let shipped: Promise<MigrationScript[]> | undefined;

/**
 * Reads migrations from `dir`. The ones shipped inside @netraven/db-schema
 * never change while a process runs, so they are read once (the API
 * validates on every readiness probe); any other directory is read fresh.
 */
export function readLocalMigrations(dir: string): Promise<MigrationScript[]> {
  if (dir !== migrationsDir) return readMigrations(dir);
  shipped ??= readMigrations(dir).catch((error: unknown) => {
    shipped = undefined;
    throw error;
  });
  return shipped;
}
