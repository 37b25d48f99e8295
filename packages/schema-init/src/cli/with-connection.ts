import type pg from "pg";

import { waitForPostgres } from "../wait/wait-for-postgres.js";
import type { CommandContext } from "./context.js";

/** Runs `fn` on a connection for the read-only commands (no database creation), closing it afterwards. */
export async function withConnection<T>(ctx: CommandContext, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await waitForPostgres({
    url: ctx.config.DATABASE_URL,
    timeoutMs: ctx.config.SCHEMA_INIT_WAIT_TIMEOUT_MS,
    createDatabase: false,
    logger: ctx.logger,
    signal: ctx.signal,
  });
  try {
    if (ctx.config.DATABASE_SCHEMA !== "public") await client.query(`SET search_path TO "${ctx.config.DATABASE_SCHEMA}"`);
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
