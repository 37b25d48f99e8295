import type { MigrationScript } from "@netraven/db-schema/core";
import { readMigrations } from "@netraven/db-schema/core";

const cache = new Map<string, Promise<MigrationScript[]>>();

/**
 * The committed migrations, read once per process: they ship inside the
 * package and never change while it runs (the API validates on every
 * readiness probe).
 */
export function readLocalMigrations(dir: string): Promise<MigrationScript[]> {
  let pending = cache.get(dir);
  if (!pending) {
    pending = readMigrations(dir);
    cache.set(dir, pending);
    pending.catch(() => cache.delete(dir));
  }
  return pending;
}
