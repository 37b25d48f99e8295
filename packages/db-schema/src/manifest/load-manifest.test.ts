import { describe, expect, it } from "vitest";

import { completeManifest } from "./load-manifest.js";
import type { SchemaManifest } from "./types.js";

describe("completeManifest", () => {
  it("reads a table of a manifest written before triggers were listed as having none, and keeps listed ones", () => {
    const trigger = { name: "t_notify", definition: "CREATE TRIGGER t_notify AFTER DELETE ON t FOR EACH ROW EXECUTE FUNCTION f()" };
    const older = JSON.parse(
      JSON.stringify({
        formatVersion: 1,
        latestMigration: "1_init",
        migrations: ["1_init"],
        tables: [
          { name: "a", columns: [], primaryKey: null, foreignKeys: [], indexes: [] },
          { name: "t", columns: [], primaryKey: null, foreignKeys: [], indexes: [], triggers: [trigger] },
        ],
      }),
    ) as SchemaManifest;
    expect(completeManifest(older).tables.map((t) => t.triggers)).toEqual([[], [trigger]]);
  });
});
