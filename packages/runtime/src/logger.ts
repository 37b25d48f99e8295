import { detectColor } from "./color.js";
import type { LogRecord } from "./log-writers.js";
import { formatJsonLine, formatPrettyLine, formatTextLine } from "./log-writers.js";
import { redactText, redactValue } from "./redact.js";

/** Log levels, lowest first. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `text`: plain lines, never coloured; `pretty`: for people, coloured on a terminal; `json`: log format version 1. */
export const LOG_FORMATS = ["text", "pretty", "json"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The logger every NetRaven library accepts. The API passes a pino adapter with the same shape. */
export interface Logger {
  debug(msg: string, ctx?: Record<string, unknown>): void;
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
  /** A logger that adds `bindings` to every line. */
  child(bindings: Record<string, unknown>): Logger;
}

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Lines below this level are dropped. @default "info" */
  level?: LogLevel;
  /** @default "text" */
  format?: LogFormat;
  /** Where lines go. CLIs keep stdout for results. @default process.stderr */
  stream?: { write(chunk: string): unknown; isTTY?: boolean; hasColors?: () => boolean };
  /** Literal secrets (a password read from a file) cut out of every line. @default [] */
  secrets?: readonly string[];
  /** Clock. @default () => new Date() */
  now?: () => Date;
  /** Colour for `pretty`. @default detected: a TTY with colours, NO_COLOR and FORCE_COLOR respected */
  color?: boolean;
  /** Context on every line. @default {} */
  bindings?: Record<string, unknown>;
}

/**
 * A logger writing one redacted line per call to `stream`. JSON lines are log
 * format version 1: `{"time":"<ISO 8601>","level":"info","msg":"...",...context}`,
 * context keys named time/level/msg are written as `ctx.time` etc.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const minimum = LOG_LEVELS.indexOf(options.level ?? "info");
  const secrets = options.secrets ?? [];
  const now = options.now ?? (() => new Date());
  const format = options.format ?? "text";
  const color = format === "pretty" && (options.color ?? detectColor(stream));
  const render = format === "json" ? formatJsonLine : format === "pretty" ? (r: LogRecord) => formatPrettyLine(r, color) : formatTextLine;
  const build = (bindings: Record<string, unknown>): Logger => {
    const write = (level: LogLevel) => (msg: string, ctx?: Record<string, unknown>) => {
      if (LOG_LEVELS.indexOf(level) < minimum) return;
      const context = redactValue({ ...bindings, ...ctx }, secrets) as Record<string, unknown>;
      stream.write(`${render({ time: now(), level, msg: redactText(msg, secrets), context })}\n`);
    };
    return {
      debug: write("debug"),
      info: write("info"),
      warn: write("warn"),
      error: write("error"),
      child: (more) => build({ ...bindings, ...more }),
    };
  };
  return build(options.bindings ?? {});
}

/** A logger that drops everything (a library's default when the caller wants silence). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
