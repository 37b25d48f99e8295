import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { migrationsDir } from "@netraven/db-schema/core";

/** A private copy of the committed migrations that a test may add to or edit. */
export interface TempMigrations {
  dir: string;
  /** Writes `<dir>/<name>/migration.sql`. */
  write(name: string, sql: string): Promise<void>;
  remove(): Promise<void>;
}

export async function copyMigrations(): Promise<TempMigrations> {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), "nr-migrations-")), "migrations");
  await cp(migrationsDir, dir, { recursive: true });
  return {
    dir,
    async write(name, sql) {
      await mkdir(path.join(dir, name), { recursive: true });
      await writeFile(path.join(dir, name, "migration.sql"), sql);
    },
    remove: () => rm(path.dirname(dir), { recursive: true, force: true }),
  };
}
