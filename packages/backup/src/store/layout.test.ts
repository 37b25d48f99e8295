import { describe, expect, it } from "vitest";

import { artifactName, newBackupId, parseArtifactName } from "./layout.js";

describe("backup file names", () => {
  it("builds time-sortable ids from the database and the start time", () => {
    const id = newBackupId("net-raven.prod", new Date("2025-03-10T02:03:04.005Z"));
    expect(id).toBe("net_raven_prod-20250310T020304005Z");
    expect(newBackupId("a", new Date("2025-03-10T02:03:04.006Z")) > newBackupId("a", new Date("2025-03-10T02:03:04.005Z"))).toBe(true);
  });

  it("recognises our files, partial or not, and nothing else", () => {
    const id = "netraven-20250310T020304005Z";
    expect(parseArtifactName(artifactName(id, "dump"))).toEqual({ id, kind: "dump", partial: false });
    expect(parseArtifactName(`${id}-2.globals.sql.partial`)).toEqual({ id: `${id}-2`, kind: "globals.sql", partial: true });
    expect(parseArtifactName(`${id}.dir`)?.kind).toBe("dir");
    for (const foreign of ["notes.txt", ".netraven-backup.lock", "netraven.dump", `${id}.dump.bak`]) expect(parseArtifactName(foreign)).toBeUndefined();
  });
});
