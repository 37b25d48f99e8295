import { execa, ExecaError } from "execa";

import type { Logger } from "@netraven/runtime";
import { InterruptedError, redactText } from "@netraven/runtime";

import type { ChildFailure } from "../errors.js";
import { DiskFullError, PgDumpallFailedError, PgDumpFailedError, PgRestoreFailedError } from "../errors.js";
import { withParentDeath } from "./parent-death.js";
import { toolConnectError } from "./tool-connect-error.js";

/** The PostgreSQL client programs this package runs. */
export type PgToolName = "pg_dump" | "pg_restore" | "pg_dumpall";

/** Options for {@link runPgTool}. */
export interface RunPgToolOptions {
  tool: PgToolName;
  /** Absolute path of the program. */
  file: string;
  /** Argument array; never a shell string, never a password. */
  args: string[];
  /** The child's whole environment (connection variables included). */
  env: Record<string, string>;
  /** The server connection the program makes (password masked in messages); connect failures are classified against it. */
  databaseUrl?: string | undefined;
  /** Literal secrets to cut from stderr before it reaches an error or a log. */
  secrets: string[];
  /** Aborting it terminates the child (SIGTERM, then SIGKILL after 5 s). */
  signal?: AbortSignal | undefined;
  /** Kills the child after this long (0 or undefined = no limit). */
  timeoutMs?: number | undefined;
  /** Called with the child's pid once it is spawned (restore's step hook). */
  onSpawn?: ((pid: number | undefined) => void) | undefined;
  /** Called with each stderr line as it arrives (progress from --verbose). */
  onStderrLine?: ((line: string) => void) | undefined;
  logger: Logger;
}

/** What a successful run produced. */
export interface PgToolResult {
  stdout: string;
  stderr: string;
  durationMs: number;
}

const FAILED = { pg_dump: PgDumpFailedError, pg_restore: PgRestoreFailedError, pg_dumpall: PgDumpallFailedError };
const STDERR_MAX_CHARS = 4000;

/**
 * Runs a PostgreSQL client program through execa (argument array, no shell),
 * bound to this process's life (see parent-death.ts), and turns every failure (non-zero exit, signal, timeout, cancel) into a
 * typed error carrying the exit facts and a trimmed, redacted stderr.
 */
export async function runPgTool(options: RunPgToolOptions): Promise<PgToolResult> {
  const started = performance.now();
  options.logger.debug?.(`running ${options.tool}`, { args: options.args });
  try {
    const [file, args] = await withParentDeath(options.file, options.args);
    const child = execa(file, args, {
      env: options.env,
      extendEnv: false,
      stdin: "ignore",
      cancelSignal: options.signal,
      timeout: options.timeoutMs || undefined,
      forceKillAfterDelay: 5000,
      ...(options.onStderrLine ? { stderr: stderrTap(options.onStderrLine) } : {}),
    });
    options.onSpawn?.(child.pid);
    const result = await child;
    return { stdout: result.stdout, stderr: redactText(result.stderr, options.secrets), durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    throw toPgToolError(options, error);
  }
}

/** Maps an execa failure to our error types (exported for unit tests). */
export function toPgToolError(options: Pick<RunPgToolOptions, "tool" | "secrets" | "timeoutMs" | "databaseUrl">, error: unknown): Error {
  if (!(error instanceof ExecaError)) return error instanceof Error ? error : new Error(String(error));
  const stderr = trimStderr(redactText(String(error.stderr ?? ""), options.secrets));
  const failure: ChildFailure = {
    tool: options.tool,
    exitCode: error.exitCode,
    signal: error.signal,
    timedOut: error.timedOut,
    isCanceled: error.isCanceled,
    stderr,
  };
  if (error.isCanceled) return new InterruptedError(`${options.tool} was cancelled`, { cause: error, context: { ...failure } });
  // Same cause, same exit code and message as a failed connect of our own (77, 66, 69).
  const connectError = options.databaseUrl && !error.timedOut && !error.signal ? toolConnectError(stderr, options.databaseUrl) : undefined;
  if (connectError) return connectError;
  if (/No space left on device/i.test(stderr) || error.code === "ENOSPC") {
    return new DiskFullError(`${options.tool} ran out of disk space: ${lastLine(stderr)}; free space in the backup directory or prune old backups`, {
      cause: error,
      context: { ...failure },
    });
  }
  if (error.code === "ENOENT" || error.code === "EACCES") {
    return new FAILED[options.tool](`${options.tool} could not be started (${error.code}); check PG_BIN`, failure, { cause: error });
  }
  const how = error.timedOut
    ? `timed out after ${options.timeoutMs} ms (BACKUP_TIMEOUT_MS)`
    : error.signal
      ? `killed by ${error.signal}`
      : `exit code ${error.exitCode}`;
  return new FAILED[options.tool](`${options.tool} failed (${how})${stderr ? `: ${stderr}` : ""}`, failure, { cause: error });
}

// An execa line transform: hands each line on and keeps it in the buffered stderr.
function stderrTap(onLine: (line: string) => void) {
  return function* (line: unknown) {
    onLine(String(line));
    yield line;
  };
}

// --verbose narrates every step ("pg_dump: dumping contents of table ..."):
// an error message keeps only what went wrong.
const VERBOSE_LINE = /^pg_(dump|restore|dumpall): (?!error|warning|detail|hint)/;

function trimStderr(stderr: string): string {
  const trimmed = stderr
    .split("\n")
    .filter((line) => !VERBOSE_LINE.test(line))
    .join("\n")
    .trim();
  return trimmed.length > STDERR_MAX_CHARS ? `...${trimmed.slice(-STDERR_MAX_CHARS)}` : trimmed;
}

function lastLine(text: string): string {
  return text.split("\n").filter(Boolean).at(-1) ?? "";
}
