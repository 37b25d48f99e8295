import { migrationsDir, readMigrations } from "@netraven/db-schema/core";

/** Names of the migrations shipped with @netraven/db-schema, in order: tests must not hard-code how many there are. */
export const SHIPPED_MIGRATIONS = (await readMigrations(migrationsDir)).map((m) => m.name);
