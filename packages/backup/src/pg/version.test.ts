import { describe, expect, it } from "vitest";

import { chooseClient, searchOrder } from "./choose-client.js";
import { parseClientVersion, versionFromNum } from "./version.js";

describe("parseClientVersion", () => {
  it.each([
    ["pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", 150018, "15"],
    ["pg_dump (PostgreSQL) 13.0", 130000, "13"],
    ["pg_dump (PostgreSQL) 17devel", 170000, "17"],
    ["pg_dump (PostgreSQL) 16beta2", 160000, "16"],
    ["pg_dump (PostgreSQL) 9.6.24", 90624, "9.6"],
  ])("%s", (line, num, major) => {
    expect(parseClientVersion(line)).toMatchObject({ num, major });
  });

  it("rejects output that is not a PostgreSQL version line", () => {
    expect(parseClientVersion("command not found")).toBeUndefined();
  });

  it("turns server_version_num into a version", () => {
    expect(versionFromNum(150018, "15.18 (Debian 15.18-0+deb12u1)")).toEqual({ text: "15.18", num: 150018, major: "15" });
    expect(versionFromNum(90624)).toEqual({ text: "9.6.24", num: 90624, major: "9.6" });
  });
});

describe("choosing a client", () => {
  const v = (text: string) => parseClientVersion(`pg_dump (PostgreSQL) ${text}`)!;

  it("takes the closest major that is at least the server's; PATH wins a tie", () => {
    const candidates = [
      { dir: "/usr/bin", version: v("17.2") },
      { dir: "/usr/lib/postgresql/16/bin", version: v("16.4") },
      { dir: "/usr/lib/postgresql/15/bin", version: v("15.8") },
      { dir: "/opt/pg15/bin", version: v("15.9") },
    ];
    expect(chooseClient(candidates, 160003)?.dir).toBe("/usr/lib/postgresql/16/bin");
    expect(chooseClient(candidates, 150018)?.dir).toBe("/usr/lib/postgresql/15/bin");
    expect(chooseClient(candidates, 180000)).toBeUndefined();
  });

  it("searches PG_BIN alone when set, else PATH then versioned installs newest first", () => {
    const versionedDirs = [
      { dir: "/usr/lib/postgresql/15/bin", major: 15 },
      { dir: "/usr/lib/postgresql/17/bin", major: 17 },
    ];
    expect(searchOrder({ pgBin: "/opt/pg/bin", searchPath: "/usr/bin", versionedDirs })).toEqual(["/opt/pg/bin"]);
    expect(searchOrder({ pgBin: undefined, searchPath: "/usr/local/bin:/usr/bin::/usr/bin", versionedDirs })).toEqual([
      "/usr/local/bin",
      "/usr/bin",
      "/usr/lib/postgresql/17/bin",
      "/usr/lib/postgresql/15/bin",
    ]);
  });
});
