import { quoteIdent } from "@netraven/db-schema/core";
import pg from "pg";

/**
 * Prisma's own advisory lock key. `prisma migrate deploy` holds it while it
 * migrates; we take it too while applying, so the two never run at once.
 */
export const PRISMA_LOCK_ID = 72707369;

/** How long we wait for Prisma's lock before giving up, as Prisma itself does (10 s). */
export const PRISMA_LOCK_TIMEOUT = "10s";

/** `"<schema>"._prisma_migrations`, always schema-qualified (a migration may change search_path). */
export function historyTable(schema: string): string {
  return `"${schema.replaceAll('"', '""')}"._prisma_migrations`;
}

/**
 * The history table exactly as the schema engine creates it (read back with
 * pg_dump from a database `prisma migrate deploy` set up): same columns, types,
 * defaults and primary key, so both tools read and write the same rows.
 */
export function createHistoryTableSql(schema: string): string {
  return `CREATE TABLE IF NOT EXISTS ${historyTable(schema)} (
    id                  VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum            VARCHAR(64) NOT NULL,
    finished_at         TIMESTAMPTZ,
    migration_name      VARCHAR(255) NOT NULL,
    logs                TEXT,
    rolled_back_at      TIMESTAMPTZ,
    started_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count INTEGER NOT NULL DEFAULT 0
)`;
}

/** `CREATE SCHEMA` for a non-default schema, else nothing. */
export function createSchemaSql(schema: string): string {
  return schema === "public" ? "" : `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)};\n`;
}

/** The engine writes timestamps with millisecond precision; so do we. */
export const NOW_MS = "date_trunc('milliseconds', clock_timestamp())";

/** A SQL string literal: pg's own escaping, right whatever standard_conforming_strings says. */
export const literal: (text: string) => string = pg.escapeLiteral;
