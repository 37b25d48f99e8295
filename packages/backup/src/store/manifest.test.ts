import { describe, expect, it } from "vitest";

import { ManifestInvalidError } from "../errors.js";
import type { BackupManifest } from "./manifest.js";
import { syntheticManifest } from "../../test/helpers/synthetic-manifest.js";
import { manifestChecksum, parseManifest } from "./manifest.js";

const id = "netraven-20250310T020000000Z";
const content: Omit<BackupManifest, "checksum"> = {
  ...syntheticManifest(id, "netraven"),
  files: [{ role: "dump", path: `${id}.dump`, bytes: 10, sha256: "a".repeat(64) }],
  rowCounts: { "public.users": 1 },
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
