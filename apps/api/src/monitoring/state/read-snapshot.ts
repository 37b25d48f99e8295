import type pg from "pg";

import type { BackupState } from "./backup-state.js";
import { readBackupState } from "./backup-state.js";
import type { SchemaInitRun } from "./schema-init-state.js";
import { readLastSchemaInitRun } from "./schema-init-state.js";
import type { SchemaState } from "./schema-state.js";
import { createSchemaStateReader } from "./schema-state.js";

/** Everything /status and /metrics show about the data layer, read at one instant. */
export interface DataLayerSnapshot {
  now: Date;
  /** The freshness target: a newest verified backup older than this is stale. */
  maxAgeSeconds: number;
  schema: SchemaState;
  backups: BackupState;
  lastSchemaInit: SchemaInitRun | null;
}

/** Options for {@link createSnapshotReader}. */
export interface SnapshotOptions {
  pool: pg.Pool;
  schema: string;
  /** Reuse of the schema validation (the only costly read). */
  cacheMs: number;
  maxAgeSeconds: number;
  clock: () => Date;
}

/** Reads a {@link DataLayerSnapshot}: the cached schema validation plus a few indexed reads of the run tables. */
export function createSnapshotReader(options: SnapshotOptions): () => Promise<DataLayerSnapshot> {
  const readSchema = createSchemaStateReader(options);
  return async () => {
    const [schema, backups, lastSchemaInit] = await Promise.all([readSchema(), readBackupState(options.pool, options.schema), readLastSchemaInitRun(options.pool, options.schema)]);
    return { now: options.clock(), maxAgeSeconds: options.maxAgeSeconds, schema, backups, lastSchemaInit };
  };
}
