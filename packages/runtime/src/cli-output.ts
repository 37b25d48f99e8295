import { exitCodeFor, serializeError } from "./errors.js";
import { EXIT_CODES } from "./exit-codes.js";
import type { LogFormat } from "./logger.js";
import { createLogger } from "./logger.js";
import { redactText, redactValue } from "./redact.js";

/** The streams a CLI writes to; injected so it runs in-process in tests. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
}

/** Version of every `--json` result and error object. Bump it when a shape changes incompatibly. */
export const JSON_OUTPUT_VERSION = 1;

/** Writes a command result as JSON on stdout, with `version: 1` first. Results must not use a top-level `version` key. */
export function printJson(io: Pick<CliIo, "stdout">, result: Record<string, unknown> & { version?: never }): void {
  const output: Record<string, unknown> = { version: JSON_OUTPUT_VERSION, ...result };
  output.version = JSON_OUTPUT_VERSION; // the key stays first; a stray result.version cannot replace it
  io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}

/** Options for {@link reportError}. */
export interface ReportErrorOptions {
  /** Program name, the prefix of the stderr line. */
  name: string;
  io: CliIo;
  /** Also print `{"version":1,"ok":false,"error":{...}}` on stdout. */
  json: boolean;
  signal?: AbortSignal;
  /** Literal secrets to cut out. */
  secrets?: readonly string[];
  /** The program's log format: with "json" the report is one log-format-v1 line like the program's others. @default "text" */
  logFormat?: LogFormat | undefined;
}

/**
 * Reports a failed command: `<name>: error: <message>` (redacted) on stderr,
 * the stack trace only for internal errors (exit 1), and with --json the
 * error object on stdout. With LOG_FORMAT=json the stderr report is a JSON
 * log line (`msg` the same text, with `program`, `code`, `exitCode` and
 * `stack`). Returns the exit code.
 */
export function reportError(error: unknown, options: ReportErrorOptions): number {
  const exitCode = exitCodeFor(error, options.signal);
  const serialized = serializeError(error, options.signal);
  const message = redactText(serialized.message, options.secrets);
  const stack = exitCode === EXIT_CODES.INTERNAL && error instanceof Error && error.stack ? redactText(error.stack, options.secrets) : undefined;
  if (options.logFormat === "json") {
    // A log shipper reading the stream as JSON lines would otherwise meet one plain line: the one that matters most.
    const logger = createLogger({ format: "json", stream: options.io.stderr, secrets: options.secrets ?? [] });
    logger.error(`${options.name}: error: ${message}`, { program: options.name, code: serialized.code, exitCode, ...(stack ? { stack } : {}) });
  } else {
    options.io.stderr.write(`${options.name}: error: ${message}\n`);
    if (stack) options.io.stderr.write(`${stack}\n`);
  }
  if (options.json) {
    const context = redactValue(serialized.context, options.secrets) as Record<string, unknown>;
    printJson(options.io, { ok: false, error: { ...serialized, message, context } });
  }
  return exitCode;
}

/** `schema-init: unknown command 'frobnicate'. Run 'schema-init --help' for usage.` from commander's error text. */
export function shortUsageMessage(commandPath: string, commanderMessage: string): string {
  const text = commanderMessage.replace(/^error:\s*/i, "").trim().replace(/\s*\n\s*/g, " ");
  const sentence = /[.?!]$/.test(text) ? text : `${text}.`;
  return `${commandPath.split(" ")[0]}: ${sentence} Run '${commandPath} --help' for usage.`;
}
