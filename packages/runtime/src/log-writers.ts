import { ansi } from "./color.js";

/** One log line before rendering; `context` is already redacted. */
export interface LogRecord {
  time: Date;
  level: "debug" | "info" | "warn" | "error";
  msg: string;
  context: Record<string, unknown>;
}

const RESERVED = new Set(["time", "level", "msg"]);

/** Log format version 1: `{"time":"<ISO 8601>","level":"info","msg":"...",...context}` on one line. */
export function formatJsonLine(record: LogRecord): string {
  const line: Record<string, unknown> = { time: record.time.toISOString(), level: record.level, msg: record.msg };
  for (const [key, value] of Object.entries(record.context)) line[RESERVED.has(key) ? `ctx.${key}` : key] = value;
  return JSON.stringify(line);
}

/** `2026-12-01T11:00:00.000Z INFO msg key=value`: plain, never coloured, one line (newlines escaped). */
export function formatTextLine(record: LogRecord): string {
  const msg = record.msg.replaceAll("\n", "\\n");
  return `${record.time.toISOString()} ${record.level.toUpperCase()} ${msg}${formatPairs(record.context, (k) => k)}`;
}

const LEVEL_STYLE = { debug: "gray", info: "green", warn: "yellow", error: "red" } as const;

/** `11:00:00.000 INFO  msg  key=value` for people; multi-line messages are indented; colour only when asked. */
export function formatPrettyLine(record: LogRecord, color: boolean): string {
  const paint = (style: Parameters<typeof ansi>[0], text: string) => (color ? ansi(style, text) : text);
  const time = record.time.toISOString().slice(11, 23);
  const level = paint(LEVEL_STYLE[record.level], record.level.toUpperCase().padEnd(5));
  const msg = record.msg.replaceAll("\n", "\n    ");
  return `${paint("gray", time)} ${level} ${msg}${formatPairs(record.context, (k) => paint("gray", k))}`;
}

function formatPairs(context: Record<string, unknown>, key: (k: string) => string): string {
  const pairs = Object.entries(context)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${key(k)}=${formatValue(v)}`);
  return pairs.length > 0 ? ` ${pairs.join(" ")}` : "";
}

function formatValue(value: unknown): string {
  if (typeof value === "string") return /^[^\s"=\\]+$/.test(value) ? value : JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value) ?? String(value);
}
