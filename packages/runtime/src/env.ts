import * as z from "zod";

import { DATABASE_URL_SHAPE, databaseUrlProblem } from "./database-url.js";
import { ConfigError } from "./errors.js";
import type { LogFormat, LogLevel } from "./logger.js";
import { LOG_FORMATS, LOG_LEVELS } from "./logger.js";

// zod helpers for the variables the programs share, with ONE set of accepted
// spellings. Empty strings count as unset (`FOO=` in compose means "default").
// Messages never quote the value: some variables hold secrets.

const unset = (value: unknown) => (value === "" || value === null ? undefined : value);
const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

/** A boolean spelled true/false, 1/0, yes/no or on/off, any case; anything else is an error. */
export function envBoolean(fallback: boolean) {
  return z.preprocess(unset, z.union([z.boolean(), z.string()]).optional()).transform((value, ctx): boolean => {
    if (value === undefined) return fallback;
    if (typeof value === "boolean") return value;
    const spelled = value.trim().toLowerCase();
    if (TRUE.has(spelled)) return true;
    if (FALSE.has(spelled)) return false;
    ctx.addIssue({ code: "custom", message: "must be one of true, false, 1, 0, yes, no, on, off" });
    return z.NEVER;
  });
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** A PostgreSQL name used unquoted (a schema): lower-case letter or `_`, then up to 62 lower-case letters, digits or `_`. */
export function envIdentifier(fallback: string) {
  return z.preprocess(unset, z.string().default(fallback)).superRefine((value, ctx) => {
    if (IDENTIFIER.test(value)) return;
    const lower = value.toLowerCase();
    ctx.addIssue({
      code: "custom",
      message: IDENTIFIER.test(lower)
        ? `PostgreSQL folds unquoted names to lower case: use "${lower}"`
        : "must be a PostgreSQL name: a lower-case letter or _, then up to 62 lower-case letters, digits or _",
    });
  });
}

/** An integer within bounds (ports, counts); digits only, no units. */
export function envInteger(fallback: number, bounds: { min?: number; max?: number } = {}) {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = bounds;
  const range = `between ${min} and ${max}`;
  return wholeNumber(fallback, `must be a whole number ${range}`, (n) => n >= min && n <= max);
}

/** A non-negative duration in whole milliseconds (`60000`), optionally bounded; units such as `60s` are an error. */
export function envDurationMs(fallback: number, bounds: { min?: number; max?: number } = {}) {
  if (bounds.min === undefined && bounds.max === undefined) {
    return wholeNumber(fallback, "must be a non-negative whole number of milliseconds (e.g. 60000 for a minute)", (n) => n >= 0);
  }
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = bounds;
  return wholeNumber(fallback, `must be a whole number of milliseconds between ${min} and ${max}`, (n) => n >= min && n <= max);
}

function wholeNumber(fallback: number, message: string, ok: (n: number) => boolean) {
  return z.preprocess(unset, z.union([z.number(), z.string()]).optional()).transform((value, ctx): number => {
    if (value === undefined) return fallback;
    const n = typeof value === "number" ? value : /^\s*[-+]?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isSafeInteger(n) && ok(n)) return n;
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  });
}

/** One of `values`; `fallback` when unset (undefined fallback: optional). Case-sensitive, like the values. */
export function envEnum<const T extends readonly [string, ...string[]]>(values: T, fallback?: T[number]) {
  const message = `must be one of ${values.join(", ")}`;
  return z.preprocess(unset, z.string().optional()).transform((value, ctx): T[number] | undefined => {
    if (value === undefined) return fallback;
    if ((values as readonly string[]).includes(value)) return value;
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  });
}

/** `LOG_LEVEL`: debug, info, warn or error. @default "info" */
export function envLogLevel(fallback: LogLevel = "info") {
  return envEnum(LOG_LEVELS, fallback).transform((v) => v as LogLevel);
}

/** `LOG_FORMAT`: text (plain lines), pretty (coloured on a terminal) or json (one object per line). @default "text" */
export function envLogFormat(fallback: LogFormat = "text") {
  return envEnum(LOG_FORMATS, fallback).transform((v) => v as LogFormat);
}

/** An optional string (empty = unset), or `fallback`. */
export function envString(fallback?: string) {
  return z.preprocess(unset, z.string().optional()).transform((v) => v ?? fallback);
}

/** `DATABASE_URL`: a postgresql:// URL; malformed values are named without being echoed. */
export function envDatabaseUrl(options: { required: true }): z.ZodType<string, unknown>;
export function envDatabaseUrl(options?: { required?: false }): z.ZodType<string | undefined, unknown>;
export function envDatabaseUrl(options: { required?: boolean } = {}): z.ZodType<string | undefined, unknown> {
  // Required: not optional inside, since zod skips an optional schema for an absent key (no refinement would run).
  const base = options.required ? z.preprocess(unset, z.string({ error: `is required: set it to ${DATABASE_URL_SHAPE}` })) : z.preprocess(unset, z.string().optional());
  return base.superRefine((value, ctx) => {
    if (value === undefined) return;
    const problem = databaseUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `is not a valid PostgreSQL URL (${problem}): set it to ${DATABASE_URL_SHAPE}` });
  });
}

/**
 * Parses `env` (plus `overrides` from flags, which win when defined) with
 * `schema` and returns frozen typed data, or throws one ConfigError listing
 * every problem as `  - VAR: message` (values are never echoed).
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, unknown>, overrides: Record<string, unknown> = {}): Readonly<z.output<S>> {
  const fromFlags = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const result = schema.safeParse({ ...env, ...fromFlags });
  if (result.success) return Object.freeze(result.data) as Readonly<z.output<S>>;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.map(String).join(".") || "configuration";
    return `${key}: ${issue.message}${key in fromFlags ? " (from a command-line flag)" : ""}`;
  });
  throw configError(problems);
}

/** A ConfigError listing problems as `  - VAR: message`; `context.problems` holds the same lines. */
export function configError(problems: readonly string[], cause?: unknown): ConfigError {
  return new ConfigError(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`, { context: { problems: [...problems] }, cause });
}
