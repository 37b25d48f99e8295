import { describe, expect, it } from "vitest";

import { ManifestInvalidError } from "../errors.js";
import type { BackupManifest } from "./manifest.js";
import { manifestChecksum, parseManifest } from "./manifest.js";

const content: Omit<BackupManifest, "checksum"> = {
  manifestVersion: 1,
  id: "netraven-20250310T020000000Z",
  database: "netraven",
  encoding: "UTF8",
  server: { text: "15.18", num: 150018, major: "15", host: "db", port: 5432 },
  pgDump: { text: "15.18", num: 150018, major: "15", path: "/usr/bin/pg_dump" },
  format: "custom",
  compression: { method: "gzip", level: 1 },
  jobs: 1,
  archive: "netraven-20250310T020000000Z.dump",
  files: [{ role: "dump", path: "netraven-20250310T020000000Z.dump", bytes: 10, sha256: "a".repeat(64) }],
  tocEntries: 3,
  globals: { included: false, withRolePasswords: false, reason: "disabled" },
  startedAt: "2025-03-10T02:00:00.000Z",
  finishedAt: "2025-03-10T02:00:01.000Z",
  durationMs: 1000,
  latestMigration: "20250101000000_init",
  rowCounts: { "public.users": 1 },
  tool: { name: "@netraven/backup", version: "0.1.0" },
};
const sealed = (): BackupManifest => ({ ...content, checksum: manifestChecksum(content) });

describe("manifest", () => {
  it("round-trips, whatever the key order on disk", () => {
    const manifest = sealed();
    const reordered = Object.fromEntries(Object.entries(manifest).reverse());
    expect(parseManifest(JSON.stringify(reordered), "m.json", manifest.id)).toEqual(manifest);
  });

  it("rejects an edited manifest by its own checksum", () => {
    const edited = { ...sealed(), rowCounts: { "public.users": 2 } };
    expect(() => parseManifest(JSON.stringify(edited), "m.json", edited.id)).toThrow(/does not match its own checksum/);
  });

  it("rejects a manifest renamed to another id, broken JSON and missing fields", () => {
    expect(() => parseManifest(JSON.stringify(sealed()), "m.json", "other-20250310T020000000Z")).toThrow(/names backup/);
    expect(() => parseManifest("{", "m.json", content.id)).toThrow(ManifestInvalidError);
    expect(() => parseManifest(JSON.stringify({ ...sealed(), files: [] }), "m.json", content.id)).toThrow(/files/);
  });
});
