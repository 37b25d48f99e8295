import { mkdir, open, rm, statfs } from "node:fs/promises";
import path from "node:path";

import { DiskFullError } from "../errors.js";
import { toFsError } from "./fs-errors.js";

/**
 * Creates the backup directory (mode 0700: dumps hold every row) and proves
 * it is writable by writing, syncing and deleting a probe file, so a
 * permission problem shows up before pg_dump runs, with the fix.
 */
export async function ensureWritableDir(dir: string): Promise<void> {
  const probe = path.join(dir, `.write-test-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const handle = await open(probe, "w");
    try {
      await handle.writeFile("ok");
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw toFsError(error, dir);
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
}

/** Free bytes for an unprivileged writer on the directory's filesystem. */
export async function freeBytes(dir: string): Promise<number> {
  const info = await statfs(dir);
  return Number(info.bavail) * Number(info.bsize);
}

/**
 * Refuses to start a backup that would not fit: it needs the previous
 * backup's size plus a margin (25 %) free. Without a previous backup there is
 * nothing to estimate from, and pg_dump's own ENOSPC is reported instead.
 */
export async function checkFreeSpace(dir: string, previousBytes: number | undefined): Promise<void> {
  if (!previousBytes) return;
  const needed = Math.ceil(previousBytes * 1.25);
  const free = await freeBytes(dir);
  if (free < needed) {
    throw new DiskFullError(
      `only ${formatBytes(free)} free in ${dir}, but the last backup took ${formatBytes(previousBytes)} (${formatBytes(needed)} needed with margin); ` +
        `free space or prune old backups first (netraven-backup prune)`,
      { context: { dir, freeBytes: free, neededBytes: needed } },
    );
  }
}

/** 1536 -> "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
