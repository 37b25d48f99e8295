import type { Logger } from "@netraven/runtime";
import { connectionEnv, connectionPassword, withDatabaseName } from "./connection-env.js";
import type { PgClient } from "./find-pg-client.js";
import type { PgToolName, PgToolResult } from "./run-pg-tool.js";
import { runPgTool } from "./run-pg-tool.js";

/** Everything needed to run the client programs against one server. */
export interface ToolContext {
  client: PgClient;
  /** Child environment: the caller's (without PG* variables) plus the connection's. */
  env: Record<string, string>;
  /** The connection the programs use (the `database` override applied), for classifying connect failures; undefined for archive-only work. */
  databaseUrl: string | undefined;
  secrets: string[];
  signal: AbortSignal | undefined;
  timeoutMs: number | undefined;
  logger: Logger;
}

/** Options for {@link createToolContext}. */
export interface ToolContextOptions {
  client: PgClient;
  /** Server to connect to; absent for programs that only read an archive. */
  databaseUrl?: string | undefined;
  /** Database to connect to instead of the URL's. */
  database?: string | undefined;
  /** Base environment for children (PATH, locale, ...). */
  childEnv: Record<string, string>;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  logger: Logger;
}

/** Builds the context; the password goes into the child environment only. */
export function createToolContext(options: ToolContextOptions): ToolContext {
  const url = options.databaseUrl;
  const password = url ? connectionPassword(url) : undefined;
  return {
    client: options.client,
    env: { ...options.childEnv, PGAPPNAME: "netraven-backup", ...(url ? connectionEnv(url, options.database) : {}) },
    databaseUrl: url && options.database ? withDatabaseName(url, options.database) : url,
    secrets: password ? [password] : [],
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    logger: options.logger,
  };
}

/** Callbacks into a running program. */
export interface ToolHooks {
  onSpawn?: ((pid: number | undefined) => void) | undefined;
  onStderrLine?: ((line: string) => void) | undefined;
}

/** Runs one of the context's programs. */
export function runTool(ctx: ToolContext, tool: PgToolName, args: string[], hooks: ToolHooks = {}): Promise<PgToolResult> {
  const file = tool === "pg_dump" ? ctx.client.pgDump : tool === "pg_restore" ? ctx.client.pgRestore : ctx.client.pgDumpall;
  if (!file) throw new Error(`${tool} is not available in ${ctx.client.dir}`);
  return runPgTool({ tool, file, args, env: ctx.env, databaseUrl: ctx.databaseUrl, secrets: ctx.secrets, signal: ctx.signal, timeoutMs: ctx.timeoutMs, ...hooks, logger: ctx.logger });
}

/** Entries in an archive's table of contents; also proves the TOC is readable. */
export async function countTocEntries(ctx: ToolContext, archive: string): Promise<number> {
  const { stdout } = await runTool(ctx, "pg_restore", ["--list", archive]);
  return stdout.split("\n").filter((line) => line.trim() !== "" && !line.startsWith(";")).length;
}
