import { readFile, writeFile } from "node:fs/promises";

import { manifestPath } from "../paths.js";
import type { SchemaManifest } from "./types.js";

/** Reads the committed schema manifest (`prisma/schema-manifest.json`). */
export async function loadSchemaManifest(file: string = manifestPath): Promise<SchemaManifest> {
  const parsed = JSON.parse(await readFile(file, "utf8")) as SchemaManifest;
  if (parsed.formatVersion !== 1) {
    throw new Error(`Unsupported schema manifest format ${String(parsed.formatVersion)} in ${file}`);
  }
  return parsed;
}

/** Stable JSON text of a manifest (what is committed). */
export function serializeManifest(manifest: SchemaManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Writes a manifest to disk. */
export async function writeSchemaManifest(manifest: SchemaManifest, file: string = manifestPath): Promise<void> {
  await writeFile(file, serializeManifest(manifest));
}
