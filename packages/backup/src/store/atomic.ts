import { open, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";

import { toFsError } from "./fs-errors.js";

/** Flushes a file or a directory entry list to disk. */
export async function fsyncPath(target: string): Promise<void> {
  const handle = await open(target, "r");
  try {
    await handle.sync();
  } catch (error) {
    // Some platforms cannot fsync a directory handle (EISDIR/EINVAL/EPERM); the rename is still atomic there.
    const code = (error as NodeJS.ErrnoException).code;
    if (!(code === "EISDIR" || code === "EINVAL" || code === "EPERM" || code === "EBADF")) throw error;
  } finally {
    await handle.close();
  }
}

/** Flushes a file, or every file of a directory tree and the directories themselves. */
export async function fsyncTree(target: string): Promise<void> {
  if ((await stat(target)).isDirectory()) {
    for (const entry of await readdir(target, { withFileTypes: true })) {
      await fsyncTree(path.join(target, entry.name));
    }
  }
  await fsyncPath(target);
}

/**
 * Makes a finished `.partial` file or directory visible under its final name:
 * fsync the data, rename (atomic within one filesystem), fsync the parent so
 * the rename itself survives a crash.
 */
export async function promotePartial(partialPath: string, finalPath: string): Promise<void> {
  try {
    await fsyncTree(partialPath);
    await rename(partialPath, finalPath);
    await fsyncPath(path.dirname(finalPath));
  } catch (error) {
    throw toFsError(error, path.dirname(finalPath));
  }
}

/** Writes a small file atomically: `<file>.partial`, fsync, rename, fsync the directory. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const partial = `${file}.partial`;
  try {
    const handle = await open(partial, "w", 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, file);
    await fsyncPath(path.dirname(file));
  } catch (error) {
    await rm(partial, { force: true }).catch(() => undefined);
    throw toFsError(error, path.dirname(file));
  }
}
