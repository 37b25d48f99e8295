import { isNetravenError } from "@netraven/runtime";

import { DirectoryNotWritableError, DiskFullError } from "../errors.js";

/**
 * Names the two file-system failures an operator can fix (a full disk, a
 * directory we may not write) as typed errors with the fix; passes others on.
 */
export function toFsError(error: unknown, dir: string): Error {
  if (isNetravenError(error)) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOSPC" || code === "EDQUOT") {
    return new DiskFullError(`the disk holding ${dir} is full (${code}); free space or prune old backups (netraven-backup prune)`, {
      cause: error,
      context: { dir },
    });
  }
  if (code === "EACCES" || code === "EPERM" || code === "EROFS" || code === "ENOTDIR") {
    const uid = process.getuid?.();
    return new DirectoryNotWritableError(
      `cannot write to ${dir} (${code}); make it writable for this process${uid === undefined ? "" : ` (uid ${uid})`}, ` +
        `for example chown ${uid ?? "<uid>"} ${dir}, or set BACKUP_DIR to a writable directory`,
      { cause: error, context: { dir } },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
