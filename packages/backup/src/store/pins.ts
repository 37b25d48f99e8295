import { rm } from "node:fs/promises";
import path from "node:path";

import type { Logger } from "@netraven/runtime";
import { writeFileAtomic } from "./atomic.js";
import { withLock } from "./backup-lock.js";
import { findBackup } from "./catalog.js";
import { artifactName } from "./layout.js";

/** Options for {@link pinBackup} and {@link unpinBackup}. */
export interface PinOptions {
  /** The backup directory. */
  dir: string;
  /** Backup id, or "latest". */
  id: string;
  /** Why it is kept, recorded in the pin file. @default undefined */
  reason?: string | undefined;
  /** Wait this long for another run's lock. @default 0 */
  lockTimeoutMs?: number;
  logger?: Logger | undefined;
}

/** Pins a backup so that no retention rule deletes it. Idempotent; returns the backup id. */
export async function pinBackup(options: PinOptions): Promise<string> {
  return withLock({ dir: options.dir, command: "pin", timeoutMs: options.lockTimeoutMs, logger: options.logger }, async () => {
    const backup = await findBackup(options.dir, options.id);
    await writePin(options.dir, backup.id, options.reason);
    return backup.id;
  });
}

/** Writes the pin file of a backup; the caller holds the directory lock. */
export async function writePin(dir: string, id: string, reason: string | undefined): Promise<void> {
  const record = { pinnedAt: new Date().toISOString(), reason };
  await writeFileAtomic(path.join(dir, artifactName(id, "pin")), `${JSON.stringify(record)}\n`);
}

/** Removes a pin so retention may delete the backup again. Idempotent; returns the backup id. */
export async function unpinBackup(options: PinOptions): Promise<string> {
  return withLock({ dir: options.dir, command: "unpin", timeoutMs: options.lockTimeoutMs, logger: options.logger }, async () => {
    const backup = await findBackup(options.dir, options.id);
    await rm(path.join(options.dir, artifactName(backup.id, "pin")), { force: true });
    return backup.id;
  });
}
