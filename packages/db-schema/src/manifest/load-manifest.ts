import { readFile, writeFile } from "node:fs/promises";

import { manifestPath } from "../paths.js";
import type { SchemaManifest } from "./types.js";

/** Reads the committed schema manifest (`prisma/schema-manifest.json`). */
export async function loadSchemaManifest(file: string = manifestPath): Promise<SchemaManifest> {
  const parsed = JSON.parse(await readFile(file, "utf8")) as SchemaManifest;
  if (parsed.formatVersion !== 1) {
    throw new Error(`Unsupported schema manifest format ${String(parsed.formatVersion)} in ${file}`);
  }
  return completeManifest(parsed);
}

/**
 * Fills in, in place, what a manifest file of an older release lacks: tables
 * listed no `triggers` before migration 20261201193000_user_change_notify
 * (read as none). Returns the same object.
 */
export function completeManifest(manifest: SchemaManifest): SchemaManifest {
  for (const table of manifest.tables) table.triggers ??= [];
  return manifest;
}

/** Stable JSON text of a manifest (what is committed). */
export function serializeManifest(manifest: SchemaManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Writes a manifest to disk. */
export async function writeSchemaManifest(manifest: SchemaManifest, file: string = manifestPath): Promise<void> {
  await writeFile(file, serializeManifest(manifest));
}
