import { access, constants, stat } from "node:fs/promises";

import { BackupDirUnavailableError } from "../errors.js";

/**
 * Proves the backup directory is there and readable before a command reads
 * it: a volume that is not mounted must say so, not answer "no backups" or
 * fail deep inside with a raw ENOENT.
 */
export async function requireBackupDir(dir: string): Promise<void> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    if (info.code === "ENOENT") {
      throw unavailable(dir, "does not exist", "check BACKUP_DIR and that its volume is mounted; `netraven-backup create` creates it");
    }
    if (info.code === "ENOTDIR") throw unavailable(dir, "is not a directory", "point BACKUP_DIR at a directory");
    throw unavailable(dir, `cannot be read (${info.code ?? info.message})`, "make it readable for this process, or set BACKUP_DIR");
  }
  if (!info.isDirectory()) throw unavailable(dir, "is not a directory", "point BACKUP_DIR at a directory");
  try {
    await access(dir, constants.R_OK | constants.X_OK);
  } catch (error) {
    const uid = process.getuid?.();
    throw unavailable(dir, `cannot be read (${(error as NodeJS.ErrnoException).code})`, `make it readable for this process${uid === undefined ? "" : ` (uid ${uid})`}, or set BACKUP_DIR`);
  }
}

function unavailable(dir: string, what: string, fix: string): BackupDirUnavailableError {
  return new BackupDirUnavailableError(`backup directory ${dir} ${what}; ${fix}`, { context: { dir } });
}
