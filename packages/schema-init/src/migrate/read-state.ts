import type pg from "pg";

import type { CatalogState } from "../validate/validated-marker.js";
import { catalogStateSql } from "../validate/validated-marker.js";
import type { HistoryRecord, MigrationRow } from "./migration-history.js";
import { historySql, toMigrationRows } from "./migration-history.js";

/** What `up` reads first under the lock. */
export interface DatabaseState {
  /** `_prisma_migrations`; null on a fresh database (no table yet). */
  history: MigrationRow[] | null;
  /** The catalog's fingerprint and validated marker; undefined on a fresh database. */
  catalog: CatalogState | undefined;
}

/**
 * Sends the history query and the catalog fingerprint query as one message
 * and returns its answer as a promise, without waiting. The caller reads the
 * migration files and the manifest while the server works (the fingerprint
 * takes milliseconds at a few hundred tables), instead of one after the other.
 * Reading the fingerprint before migrating is wasted only when something is
 * pending; validation then reads it again after the change.
 */
export function readDatabaseState(client: pg.ClientBase, schema: string): Promise<DatabaseState> {
  const sent = client.query(`${historySql(schema)};\n${catalogStateSql(schema)}`) as unknown as Promise<pg.QueryResult[]>;
  return sent.then(
    ([history, catalog]) => ({ history: toMigrationRows((history?.rows ?? []) as HistoryRecord[]), catalog: catalog?.rows[0] as CatalogState | undefined }),
    (error: unknown) => {
      // No history table: the message stopped at its first statement.
      if ((error as { code?: string }).code === "42P01") return { history: null, catalog: undefined };
      throw error;
    },
  );
}
