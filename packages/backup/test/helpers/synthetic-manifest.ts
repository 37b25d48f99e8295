import type { BackupManifest } from "../../src/store/manifest.js";

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
