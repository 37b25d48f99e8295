import { setTimeout as sleep } from "node:timers/promises";

import type { Logger } from "@netraven/runtime";
import type { Queryable } from "../pg/connect.js";
import { quoteIdent } from "../pg/connect.js";

/** Options for {@link swapDatabase}. */
export interface SwapDatabaseOptions {
  /** The restored, validated database. */
  fresh: string;
  /** The name it takes. */
  target: string;
  /** Where the target goes while the swap runs; undefined when there is no target yet. */
  aside: string | undefined;
  logger: Logger;
}

/**
 * Puts the restored database under the target's name: the target is renamed
 * aside (ending its sessions first: a rename needs none), the fresh one takes
 * its name, and only then is the old one dropped. If the second rename fails
 * the old one is renamed back, so the target name always holds a whole
 * database. Returns after the old one is dropped, with a warning if it could not be.
 */
export async function swapDatabase(admin: Queryable, options: SwapDatabaseOptions): Promise<string[]> {
  const { fresh, target, aside, logger } = options;
  if (aside) {
    await renameEndingSessions(admin, target, aside);
    try {
      await renameEndingSessions(admin, fresh, target);
    } catch (error) {
      await renameEndingSessions(admin, aside, target).catch((undoError: unknown) =>
        logger.error(`could not rename "${aside}" back to "${target}": do it by hand (ALTER DATABASE "${aside}" RENAME TO "${target}")`, { error: String(undoError) }),
      );
      throw error;
    }
    logger.info("swapped the restored database in; dropping the one it replaced", { target, replaced: aside });
    // The swap is done: failing to drop the old copy costs disk space, not data, and must not fail the restore.
    return admin.query(`DROP DATABASE ${quoteIdent(aside)} WITH (FORCE)`).then(
      () => [],
      (error: unknown) => [`the replaced database is still there as "${aside}" (dropping it failed: ${(error as Error).message}); drop it when you no longer need it`],
    );
  }
  await renameEndingSessions(admin, fresh, target);
  return [];
}

// A client that reconnects between pg_terminate_backend and the rename makes
// it fail with 55006 (in use); a few attempts absorb that.
async function renameEndingSessions(admin: Queryable, from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [from]);
    try {
      await admin.query(`ALTER DATABASE ${quoteIdent(from)} RENAME TO ${quoteIdent(to)}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "55006" || attempt >= 5) throw error;
      await sleep(100 * attempt);
    }
  }
}
