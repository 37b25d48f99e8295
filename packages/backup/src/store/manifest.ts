import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { z } from "zod";

import { BackupNotFoundError, ManifestInvalidError } from "../errors.js";
import { DatabaseStateSchema } from "../pg/database-state.js";
import { writeFileAtomic } from "./atomic.js";
import { artifactName } from "./layout.js";

const VersionSchema = z.object({ text: z.string(), num: z.number().int(), major: z.string() });

/** One file of a backup, as recorded at creation. */
export const ManifestFileSchema = z.object({
  /** `dump` (the archive or a file of a directory archive) or `globals` (roles and tablespaces). */
  role: z.enum(["dump", "globals"]),
  /** Path relative to the backup directory. */
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ManifestFile = z.infer<typeof ManifestFileSchema>;

/**
 * The completion marker and unit of truth of a backup: written last, it binds
 * the files (size + SHA-256) to the versions, settings and contents they came from.
 */
export const BackupManifestSchema = z.object({
  manifestVersion: z.literal(1),
  id: z.string(),
  database: z.string(),
  encoding: z.string(),
  server: VersionSchema.extend({ host: z.string(), port: z.number().int() }),
  pgDump: VersionSchema.extend({ path: z.string() }),
  format: z.enum(["custom", "directory"]),
  compression: z.object({ method: z.enum(["gzip", "zstd", "lz4", "none"]), level: z.number().int().optional() }),
  jobs: z.number().int().positive(),
  /** Path (relative) of the archive: a file for custom format, a directory for directory format. */
  archive: z.string(),
  files: z.array(ManifestFileSchema).min(1),
  /** Entries in the archive's table of contents (`pg_restore --list`). */
  tocEntries: z.number().int().nonnegative(),
  globals: z.object({ included: z.boolean(), withRolePasswords: z.boolean(), reason: z.string().optional() }),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  durationMs: z.number().int().nonnegative(),
  /** Newest applied migration in `_prisma_migrations`, null when the database has none. */
  latestMigration: z.string().nullable(),
  /** Exact rows per `schema.table`, counted in the dump's snapshot; null when counting was turned off. */
  rowCounts: z.record(z.string(), z.number().int().nonnegative()).nullable(),
  tool: z.object({ name: z.string(), version: z.string() }),
  /** Owner, ACL, settings and comment of the database itself (absent in backups of older releases). */
  databaseState: DatabaseStateSchema.optional(),
  /** Size on disk per `schema.table` when dumped (progress estimates; absent in older backups). */
  tableBytes: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /** SHA-256 of this manifest's canonical JSON without this field. */
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupManifest = z.infer<typeof BackupManifestSchema>;

/** The canonical checksum of a manifest's content (every field but `checksum`, keys sorted). */
export function manifestChecksum(manifest: Omit<BackupManifest, "checksum">): string {
  const { checksum: _ignored, ...content } = manifest as BackupManifest;
  return createHash("sha256").update(canonicalJson(content)).digest("hex");
}

// Key order must not matter: parsing rebuilds objects in schema order.
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Seals and writes a manifest atomically; from this moment the backup exists. */
export async function writeManifest(dir: string, content: Omit<BackupManifest, "checksum">): Promise<BackupManifest> {
  const manifest = { ...content, checksum: manifestChecksum(content) };
  await writeFileAtomic(path.join(dir, artifactName(manifest.id, "manifest.json")), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Reads and checks one manifest: its schema, its own checksum and that it names its own id. */
export async function readManifest(dir: string, id: string): Promise<BackupManifest> {
  const file = path.join(dir, artifactName(id, "manifest.json"));
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new BackupNotFoundError(`no complete backup "${id}" in ${dir}; run netraven-backup list to see the backups there`, {
        cause: error,
        context: { id, dir },
      });
    }
    throw error;
  }
  return parseManifest(raw, file, id);
}

/** Validates manifest text (exported for tests and `list`). */
export function parseManifest(raw: string, file: string, id: string): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ManifestInvalidError(`${file} is not JSON (${(error as Error).message}); the backup cannot be trusted`, { cause: error });
  }
  const result = BackupManifestSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new ManifestInvalidError(`${file} is not a valid manifest (${problems}); the backup cannot be trusted`);
  }
  const manifest = result.data;
  if (manifest.id !== id) throw new ManifestInvalidError(`${file} names backup "${manifest.id}", not "${id}"; it was renamed or copied by hand`);
  if (manifestChecksum(manifest) !== manifest.checksum) {
    throw new ManifestInvalidError(`${file} does not match its own checksum: it was edited or damaged; the backup cannot be trusted`);
  }
  return manifest;
}
