import { UnsupportedCompressionError } from "../errors.js";

/** A pg_dump compression setting. */
export interface Compression {
  method: "gzip" | "zstd" | "lz4" | "none";
  /** Level for the method; undefined means pg_dump's default for it. */
  level: number | undefined;
}

const LEVELS: Record<Compression["method"], [number, number]> = {
  gzip: [1, 9],
  zstd: [1, 22],
  lz4: [1, 12],
  none: [0, 0],
};

/** pg_dump learnt `--compress=METHOD[:LEVEL]` (and zstd/lz4) in PostgreSQL 16. */
const METHOD_SYNTAX_SINCE = 160000;

/** Parses `gzip`, `gzip:6`, `zstd:3`, `lz4`, `none`; returns a message naming the problem on bad input. */
export function parseCompression(spec: string): Compression | string {
  const match = /^(gzip|zstd|lz4|none)(?::(\d+))?$/.exec(spec.trim().toLowerCase());
  if (!match) return `"${spec}" is not a compression; use gzip[:1-9], zstd[:1-22], lz4[:1-12] or none`;
  const method = match[1] as Compression["method"];
  const level = match[2] === undefined ? undefined : Number(match[2]);
  const [min, max] = LEVELS[method];
  if (method === "none" && level !== undefined) return `"none" takes no level`;
  if (level !== undefined && (level < min || level > max)) return `${method} levels run from ${min} to ${max}, not ${level}`;
  return { method, level };
}

/**
 * pg_dump arguments for a compression. gzip maps to `-Z LEVEL`, which every
 * supported pg_dump understands; zstd and lz4 need pg_dump 16 or newer.
 */
export function compressionArgs(compression: Compression, pgDumpVersionNum: number, pgDumpVersion: string): string[] {
  if (compression.method === "none") return ["-Z", "0"];
  if (compression.method === "gzip") return ["-Z", String(compression.level ?? 6)];
  if (pgDumpVersionNum < METHOD_SYNTAX_SINCE) {
    throw new UnsupportedCompressionError(
      `BACKUP_COMPRESSION=${compression.method} needs pg_dump 16 or newer, but pg_dump ${pgDumpVersion} was found; ` +
        `use gzip (for example gzip:1) or install a PostgreSQL 16+ client and point PG_BIN at it.`,
    );
  }
  return [`--compress=${compression.method}${compression.level === undefined ? "" : `:${compression.level}`}`];
}
