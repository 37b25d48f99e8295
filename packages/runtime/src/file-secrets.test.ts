import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { resolveFileSecrets } from "./file-secrets.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "runtime-secrets-"));
const file = (name: string, content: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe("resolveFileSecrets", () => {
  it("reads X_FILE into X, trimming one trailing newline only", () => {
    const env = { ADMIN_PASSWORD_FILE: file("a", "s3cret  \n\n") };
    expect(resolveFileSecrets(env, ["ADMIN_PASSWORD"])).toEqual({ ADMIN_PASSWORD: "s3cret  \n" });
    expect(env).toEqual({ ADMIN_PASSWORD_FILE: path.join(dir, "a") });
  });

  it("treats an empty X_FILE as unset", () => {
    expect(resolveFileSecrets({ X: "v", X_FILE: "" }, ["X"])).toEqual({ X: "v", X_FILE: "" });
  });

  it("names the file and errno of an unreadable file, and both-set conflicts, all at once", () => {
    const missing = path.join(dir, "missing");
    expect(() => resolveFileSecrets({ A_FILE: missing, B: "x", B_FILE: file("b", "y") }, ["A", "B"])).toThrow(
      new RegExp(`A_FILE: cannot read ${missing} \\(ENOENT\\)[^]*B: set B or B_FILE, not both`),
    );
  });
});
