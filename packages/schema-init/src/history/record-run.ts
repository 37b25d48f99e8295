import type { SchemaInitRunRecord } from "@netraven/db-schema/core";
import { recordSchemaInitRun } from "@netraven/db-schema/core";
import type { Logger } from "@netraven/runtime";
import { isNetravenError, redactSecrets } from "@netraven/runtime";
import type pg from "pg";

import { schemaInitVersion } from "../version.js";

/** What a run knows when it ends, for `schema_init_runs` (docs/operations.md, "Run history tables"). */
export type RunOutcome = Omit<SchemaInitRunRecord, "finishedAt" | "durationMs" | "toolVersion" | "errorCode" | "message">;

// A row that cannot be written within this long is given up (a dead connection must not hold up the exit).
const RECORD_TIMEOUT_MS = 2000;

/**
 * Writes the run's row on the run's own session, so the status page and
 * metrics see it. Never throws: a failure to record is a warning, and a
 * database without the table yet (a run that failed before migrating)
 * records nothing. One round trip on success.
 */
export async function recordRun(client: pg.Client, schema: string, logger: Logger, run: RunOutcome, error?: unknown): Promise<void> {
  const finishedAt = new Date();
  const record: SchemaInitRunRecord = {
    ...run,
    finishedAt,
    durationMs: finishedAt.getTime() - run.startedAt.getTime(),
    errorCode: error === undefined ? null : isNetravenError(error) ? error.code : "INTERNAL",
    message: error === undefined ? null : oneLine(error),
    toolVersion: schemaInitVersion(),
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${RECORD_TIMEOUT_MS} ms`)), RECORD_TIMEOUT_MS);
  });
  try {
    await Promise.race([insert(client, schema, record), timeout]);
  } catch (failure) {
    const code = (failure as { code?: unknown }).code;
    if (code === "42P01") logger.debug("Run not recorded: schema_init_runs does not exist yet", { schema });
    else logger.warn("Could not record this run in schema_init_runs; the status page will not show it", { error: failure });
  } finally {
    clearTimeout(timer);
  }
}

async function insert(client: pg.Client, schema: string, record: SchemaInitRunRecord): Promise<void> {
  try {
    await recordSchemaInitRun(client, record, schema);
  } catch (error) {
    // A failure inside a transaction left it aborted: end it and write the row on its own.
    if ((error as { code?: unknown }).code !== "25P02") throw error;
    await client.query("ROLLBACK");
    await recordSchemaInitRun(client, record, schema);
  }
}

// One line for a person, no secrets, bounded (the column is text; the page shows one line).
function oneLine(error: unknown): string {
  const text = redactSecrets(error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}
