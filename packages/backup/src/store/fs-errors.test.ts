import { describe, expect, it } from "vitest";

import { toFsError } from "./fs-errors.js";

const errno = (code: string) => Object.assign(new Error(`${code}: failed`), { code });

describe("toFsError", () => {
  it("turns a full disk and an unwritable directory into typed errors with the fix", () => {
    expect(toFsError(errno("ENOSPC"), "/backups")).toMatchObject({ code: "DISK_FULL", message: expect.stringContaining("prune old backups") });
    expect(toFsError(errno("EDQUOT"), "/backups")).toMatchObject({ code: "DISK_FULL" });
    for (const code of ["EACCES", "EPERM", "EROFS", "ENOTDIR"]) {
      expect(toFsError(errno(code), "/backups")).toMatchObject({ code: "DIR_NOT_WRITABLE", message: expect.stringContaining("set BACKUP_DIR to a writable directory") });
    }
  });

  it("passes other errors on unchanged", () => {
    const other = errno("EIO");
    expect(toFsError(other, "/backups")).toBe(other);
  });
});
