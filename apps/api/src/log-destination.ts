import type { LogRecord } from "@netraven/runtime";
import { formatPrettyLine, formatTextLine } from "@netraven/runtime";

const LEVELS = new Set<string>(["debug", "info", "warn", "error"]);

/**
 * A pino destination that renders each log format v1 line (already
 * redacted) with the runtime's `text` or `pretty` writer, so the API's human
 * logs look like schema-init's and netraven-backup's: one line per record
 * (pino-pretty spread a request over about 16). Colour only when asked.
 */
export function textDestination(stream: { write(chunk: string): unknown }, format: "text" | "pretty", color: boolean): { write(line: string): void } {
  return {
    write(line) {
      stream.write(`${renderLine(line, format, color)}\n`);
    },
  };
}

/** One pino JSON line as a `text` or `pretty` line; a line that is not JSON passes through. */
export function renderLine(line: string, format: "text" | "pretty", color: boolean): string {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.trimEnd();
  }
  const { time, level, msg, ...context } = parsed;
  let text = typeof msg === "string" ? msg : "";
  const err = context.err as { type?: string; message?: string; stack?: string } | undefined;
  if (err && typeof err === "object") {
    // The message is enough on one text line; people reading pretty logs get the stack below it.
    context.err = `${err.type ?? "Error"}: ${err.message ?? ""}`;
    if (format === "pretty" && typeof err.stack === "string") text = `${text}\n${err.stack}`;
  }
  const record: LogRecord = {
    time: typeof time === "string" ? new Date(time) : new Date(),
    level: typeof level === "string" && LEVELS.has(level) ? (level as LogRecord["level"]) : "info",
    msg: text,
    context,
  };
  return format === "pretty" ? formatPrettyLine(record, color) : formatTextLine(record);
}
