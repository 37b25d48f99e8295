import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";

import type { BackupManifest } from "../../src/store/manifest.js";
import { writeManifest } from "../../src/store/manifest.js";

/** Manifest content for a backup that was never dumped: tests write their own files and set `files`. */
export function syntheticManifest(id: string, database: string, startedAt = new Date("2020-01-01T00:00:00.000Z")): Omit<BackupManifest, "checksum"> {
  return {
    manifestVersion: 1,
    id,
    database,
    encoding: "UTF8",
    server: { text: "15.18", num: 150018, major: "15", host: "db", port: 5432 },
    pgDump: { text: "15.18", num: 150018, major: "15", path: "/usr/bin/pg_dump" },
    format: "custom",
    compression: { method: "gzip", level: 1 },
    jobs: 1,
    archive: `${id}.dump`,
    files: [],
    tocEntries: 1,
    globals: { included: false, withRolePasswords: false },
    startedAt: startedAt.toISOString(),
    finishedAt: startedAt.toISOString(),
    durationMs: 0,
    latestMigration: null,
    rowCounts: null,
    tool: { name: "@netraven/backup", version: "test" },
  };
}

/** Options for {@link writeSyntheticBackup}. */
export interface SyntheticBackupOptions {
  database?: string;
  /** Writes a verify record: "ok", "failed", or none ("never"). @default "never" */
  verified?: "ok" | "failed" | "never";
}

/** A complete backup of a few bytes (real files, a valid manifest) started at `startedAt`; returns its id. */
export async function writeSyntheticBackup(dir: string, startedAt: Date, options: SyntheticBackupOptions = {}): Promise<string> {
  const database = options.database ?? "netraven";
  const id = `${database}-${startedAt.toISOString().replace(/[-:.]/g, "")}`;
  const data = `dump of ${id}`;
  await writeFile(path.join(dir, `${id}.dump`), data);
  await writeManifest(dir, {
    ...syntheticManifest(id, database, startedAt),
    files: [{ role: "dump", path: `${id}.dump`, bytes: data.length, sha256: createHash("sha256").update(data).digest("hex") }],
  });
  if (options.verified === "ok" || options.verified === "failed") {
    const ok = options.verified === "ok";
    const record = { ok, verifiedAt: startedAt.toISOString(), restoreTested: false, problems: ok ? [] : ["files: synthetic failure"] };
    await writeFile(path.join(dir, `${id}.verify.json`), JSON.stringify(record));
  }
  return id;
}
