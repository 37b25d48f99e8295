import type { MigrationScript } from "@netraven/db-schema/core";

import { checksumMatches } from "./checksum.js";
import type { MigrationRow } from "./migration-history.js";

/** How the committed migrations relate to a database's history. */
export interface MigrationPlan {
  /** Applied and unchanged. */
  applied: string[];
  /** On disk, not applied: what `up` will apply, in order. */
  pending: string[];
  /** Applied, but the file changed since (checksum mismatch). */
  edited: string[];
  /** Started and never finished, not resolved: blocks deploys as Prisma's P3009 does. */
  failed: string[];
  /** Applied in the database but absent on disk: the database is ahead of this build. */
  unknown: string[];
}

/** Compares local migrations with `_prisma_migrations` rows (null = no table yet). Pure. */
export function planMigrations(local: MigrationScript[], rows: MigrationRow[] | null): MigrationPlan {
  const active = (rows ?? []).filter((r) => r.rolledBackAt === null);
  const finished = new Map(active.filter((r) => r.finishedAt !== null).map((r) => [r.migrationName, r]));
  const localNames = new Set(local.map((m) => m.name));
  const plan: MigrationPlan = { applied: [], pending: [], edited: [], failed: [], unknown: [] };
  for (const migration of local) {
    const row = finished.get(migration.name);
    if (!row) plan.pending.push(migration.name);
    else if (checksumMatches(migration.sql, row.checksum, migration.checksum)) plan.applied.push(migration.name);
    else plan.edited.push(migration.name);
  }
  plan.failed = [...new Set(active.filter((r) => r.finishedAt === null).map((r) => r.migrationName))];
  plan.unknown = [...finished.keys()].filter((name) => !localNames.has(name));
  return plan;
}
