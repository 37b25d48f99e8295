import type { Logger } from "@netraven/runtime";

import type { CreateBackupOptions } from "../create/create-backup.js";
import { createBackup } from "../create/create-backup.js";
import type { BackupManifest } from "../store/manifest.js";
import { writePin } from "../store/pins.js";

/** What the safety copy takes from the restore's options: where backups go and how pg_dump runs. */
export type SafetyCopyOptions = Pick<CreateBackupOptions, "dir" | "pgBin" | "searchPath" | "childEnv" | "timeoutMs" | "signal" | "schema">;

/**
 * Backs up the database `--force` is about to drop, into the same directory
 * (the lock is already held), and pins it so retention keeps it.
 */
export async function backUpTarget(options: SafetyCopyOptions, targetUrl: string, target: string, manifest: BackupManifest, logger: Logger): Promise<string> {
  logger.info("backing up the target before replacing it (--no-safety-backup skips this)", { target });
  try {
    const { id } = await createBackup({
      databaseUrl: targetUrl,
      dir: options.dir,
      lockHeld: true,
      pgBin: options.pgBin,
      ...(options.searchPath === undefined ? {} : { searchPath: options.searchPath }),
      ...(options.childEnv === undefined ? {} : { childEnv: options.childEnv }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      signal: options.signal,
      logger,
      ...(options.schema === undefined ? {} : { schema: options.schema }),
    });
    await writePin(options.dir, id, `safety copy of "${target}" taken before restoring ${manifest.id} over it`);
    logger.info("safety backup taken and pinned; restore it to undo", { target, safetyBackupId: id });
    return id;
  } catch (error) {
    logger.error(`the safety backup of "${target}" failed, so it was not dropped: fix the cause below, or pass --no-safety-backup to replace it without one`, { target });
    throw error;
  }
}

