import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { describeFirstRunAdmin, writeFirstRunPassword } from "./first-run-password.js";

describe("the first-run admin password", () => {
  it("is written to a 0600 file, also over a looser file an earlier run left", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "api-first-run-"));
    try {
      await writeFile(path.join(dir, "initial-admin-password"), "old\n", { mode: 0o644 });
      const file = await writeFirstRunPassword(dir, "Generated-Pa55word");
      expect(file).toBe(path.join(dir, "initial-admin-password"));
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(await readFile(file, "utf8")).toBe("Generated-Pa55word\n");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("is shown in a marked block only on a terminal (or when no file could be written); the file's path always", () => {
    const admin = { username: "admin", password: "Generated-Pa55word", file: "/state/initial-admin-password" };
    const piped = describeFirstRunAdmin(admin, false).join("\n");
    expect(piped).toContain("/state/initial-admin-password (mode 0600)");
    expect(piped).not.toContain(admin.password);
    const terminal = describeFirstRunAdmin(admin, true).join("\n");
    expect(terminal).toMatch(/={64}\n {2}FIRST-RUN ADMIN PASSWORD .*\n {2}user: {5}admin\n {2}password: Generated-Pa55word\n={64}/);
    expect(describeFirstRunAdmin({ username: "admin", password: "Generated-Pa55word" }, false).join("\n")).toContain("password: Generated-Pa55word");
  });
});
