// Synthetic migration sets for the benchmarks: the shipped migrations plus N
// more, each one table, one index and one foreign key (what a typical Prisma
// migration adds), in the layouts of each tool compared.
import { cp, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import { introspectSchema, migrationsDir, readMigrations, serializeManifest } from "@netraven/db-schema/core";
import pg from "pg";

const name = (i) => `20990101${String(i).padStart(6, "0")}_synthetic_${i}`;

function syntheticSql(i) {
  const t = `synthetic_${i}`;
  const parent = `synthetic_${Math.max(0, i - 1)}`;
  return `-- CreateTable
CREATE TABLE "${t}" (
    "id" SERIAL NOT NULL,
    "parent_id" INTEGER,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "${t}_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "${t}_name_idx" ON "${t}"("name");

-- AddForeignKey
ALTER TABLE "${t}" ADD CONSTRAINT "${t}_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "${parent}"("id") ON DELETE SET NULL ON UPDATE CASCADE;
`;
}

/**
 * Writes under `root`: `migrations/` (Prisma layout, for schema-init),
 * `node-pg-migrate/` (one `<name>.sql` per migration) and the ordered list of
 * files for `psql -f`. The manifest is written by {@link writeManifest}.
 */
export async function writeSyntheticSet(root, n) {
  const dir = path.join(root, "migrations");
  await cp(migrationsDir, dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    await mkdir(path.join(dir, name(i)), { recursive: true });
    await writeFile(path.join(dir, name(i), "migration.sql"), syntheticSql(i));
  }
  const scripts = await readMigrations(dir);
  const npm = path.join(root, "node-pg-migrate");
  await mkdir(npm, { recursive: true });
  for (const m of scripts) await writeFile(path.join(npm, `${m.name}.sql`), m.sql);
  return { dir, nodePgMigrateDir: npm, manifest: path.join(root, "schema-manifest.json"), sqlFiles: scripts.map((m) => path.join(dir, m.name, "migration.sql")), names: scripts.map((m) => m.name) };
}

/** The manifest of a set, read from a database it was applied to (as `migration:new` builds the shipped one). */
export async function writeManifest(set, url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await introspectSchema(client, "public");
    await writeFile(set.manifest, serializeManifest({ formatVersion: 1, latestMigration: set.names.at(-1), migrations: set.names, tables }));
  } finally {
    await client.end();
  }
}
