import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { checkSchemaSync, writeMigration } from "../../src/engine/author.js";
import { serializeManifest } from "../../src/manifest/load-manifest.js";
import { packageRoot } from "../../src/paths.js";
import { createTestDatabase } from "../../src/testing/index.js";

// The CI gate behind `migration:check` and the authoring behind `migration:new`,
// on a private copy of prisma/ so the committed files are never touched.
let dir: string;
let paths: { schemaPath: string; migrationsDir: string; manifestPath: string };

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "nr-prisma-"));
  await cp(path.join(packageRoot, "prisma"), dir, { recursive: true });
  paths = { schemaPath: path.join(dir, "schema.prisma"), migrationsDir: path.join(dir, "migrations"), manifestPath: path.join(dir, "schema-manifest.json") };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function sync() {
  const db = await createTestDatabase({ from: "empty" });
  try {
    return await checkSchemaSync(paths, db.url);
  } finally {
    await db.drop();
  }
}

describe("schema.prisma, migrations and manifest", () => {
  it("agree as committed", async () => {
    const report = await sync();
    expect(report.pendingSql).toBe("");
    expect(report.manifestUpToDate).toBe(true);
    expect(report.manifest.tables).toHaveLength(15);
  });

  it("disagree when the schema changes without a migration, until one is written", async () => {
    const schema = await readFile(paths.schemaPath, "utf8");
    await writeFile(paths.schemaPath, schema.replace("  serialNumber          String?   @map(\"serial_number\") @db.VarChar(100)\n", "  serialNumber          String?   @map(\"serial_number\") @db.VarChar(100)\n  model                 String?   @db.VarChar(100)\n"));

    const drifted = await sync();
    expect(drifted.pendingSql).toContain('ALTER TABLE "devices" ADD COLUMN     "model" VARCHAR(100);');

    await writeMigration(paths.migrationsDir, "add_device_model", drifted.pendingSql, new Date("2099-01-01T00:00:00Z"));
    const migrated = await sync();
    expect(migrated.pendingSql).toBe("");
    expect(migrated.manifestUpToDate).toBe(false); // the manifest must be refreshed with the migration
    expect(migrated.manifest.latestMigration).toBe("20990101000000_add_device_model");
    expect(migrated.manifest.tables.find((t) => t.name === "devices")?.columns.map((c) => c.name)).toContain("model");

    await writeFile(paths.manifestPath, serializeManifest(migrated.manifest));
    expect((await sync()).manifestUpToDate).toBe(true);
  });
});
