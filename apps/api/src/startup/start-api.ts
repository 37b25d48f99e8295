import { createDbClient } from "@netraven/db-schema";
import { EXIT_CODES, redactConnectionString } from "@netraven/runtime";
import { initializeSchema } from "@netraven/schema-init";
import type { FastifyInstance } from "fastify";
import type pino from "pino";

import type { Config } from "../config.js";
import { StartupError } from "../errors.js";
import { toLibraryLogger } from "../logger.js";
import { createServer } from "../server/create-server.js";
import { toServerConfig } from "../server/server-config.js";
import { checkDatabase } from "./check-database.js";
import { resolveSecrets } from "./dev-secrets.js";
import { startEmbeddedDatabase } from "./embedded-database.js";
import type { FirstRunAdmin } from "./first-run-password.js";
import { writeFirstRunPassword } from "./first-run-password.js";
import { resolveStateDir } from "./state-dir.js";

// How the runtime's launcher words what it did about a server an earlier, killed run left behind.
const RECOVERY_NOTE = /^(Removing stale |Stopping the PostgreSQL server )/;

/** Options for {@link startApi}. */
export interface StartApiOptions {
  config: Readonly<Config>;
  logger: pino.Logger;
  /** Base for relative paths and the state directory search. */
  cwd: string;
  /** Aborts waiting for the database (SIGTERM during start-up). */
  signal: AbortSignal;
  /** Receives a cleanup step for everything started, in start order; the caller runs them in reverse. */
  onCleanup: (step: () => Promise<void>) => void;
}

/** A started API and what the operator should be told once. */
export interface StartedApi {
  app: FastifyInstance;
  url: string;
  /** Set on the first run only, when schema-init generated the admin password (kept in a 0600 file). */
  admin?: FirstRunAdmin;
  /** Set when development secrets were generated in this run. */
  generatedSecretsFile?: string;
}

/**
 * The one-command run: embedded PostgreSQL when DATABASE_URL is unset, one
 * connection to check the database (wait up to SCHEMA_INIT_WAIT_TIMEOUT_MS:
 * 69; wrong password 77; missing database 66), schema-init (migrate,
 * validate, seed) unless SKIP_SCHEMA_INIT, then the API on HOST:PORT.
 */
export async function startApi(options: StartApiOptions): Promise<StartedApi> {
  const { config, logger } = options;
  const libraryLogger = toLibraryLogger(logger);
  const stateDir = resolveStateDir(config.NETRAVEN_STATE_DIR, options.cwd);
  const secrets = await resolveSecrets(config, stateDir);
  if (secrets.file) {
    logger.info({ file: secrets.file }, secrets.created ? "generated development secrets (JWT secret, encryption key); kept for later runs" : "using development secrets");
  }

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    logger.info({ port: config.NETRAVEN_EMBEDDED_PG_PORT, stateDir }, "DATABASE_URL not set: starting embedded PostgreSQL");
    const embedded = await startEmbeddedDatabase({
      stateDir,
      port: config.NETRAVEN_EMBEDDED_PG_PORT,
      // The server's own lines are debug; the launcher's notes on recovering a leftover server are for the operator.
      onLog: (line) => (RECOVERY_NOTE.test(line) ? logger.warn({ stateDir }, line) : logger.debug({ source: "postgres" }, line)),
    });
    options.onCleanup(() => embedded.stop());
    databaseUrl = embedded.url;
    logger.info({ dataDir: embedded.dataDir, created: embedded.created }, "embedded PostgreSQL ready");
  }

  const createsDatabase = !config.SKIP_SCHEMA_INIT && config.SCHEMA_INIT_CREATE_DATABASE;
  await checkDatabase({
    url: databaseUrl,
    deadlineMs: config.SCHEMA_INIT_WAIT_TIMEOUT_MS,
    databaseWillBeCreated: createsDatabase,
    missingDatabaseHint: config.SKIP_SCHEMA_INIT
      ? "create it with `schema-init up` (it creates the database when the role may), or unset SKIP_SCHEMA_INIT"
      : "create it, or set SCHEMA_INIT_CREATE_DATABASE=true so start-up creates it (the role needs CREATEDB)",
    logger: libraryLogger,
    signal: options.signal,
  });

  let admin: StartedApi["admin"];
  if (config.SKIP_SCHEMA_INIT) {
    logger.info("SKIP_SCHEMA_INIT=true: assuming schema-init already ran");
  } else {
    const report = await initializeSchema({
      databaseUrl,
      schema: config.DATABASE_SCHEMA,
      adminPassword: config.ADMIN_PASSWORD,
      waitTimeoutMs: config.SCHEMA_INIT_WAIT_TIMEOUT_MS,
      lockTimeoutMs: config.SCHEMA_INIT_LOCK_TIMEOUT_MS,
      createDatabase: config.SCHEMA_INIT_CREATE_DATABASE,
      logger: libraryLogger,
      signal: options.signal,
    });
    const generated = report.seed?.admin.generatedPassword;
    if (generated && report.seed) admin = await keepFirstRunPassword(stateDir, report.seed.admin.username, generated, logger);
    logger.info({ applied: report.migrationsApplied.length, durationMs: report.durationMs }, "schema ready");
  }

  const db = createDbClient({
    url: databaseUrl,
    schema: config.DATABASE_SCHEMA,
    // Serial plans: the API's reads are short pages, where parallel workers cost more to start than they save.
    pool: { max: config.DATABASE_POOL_MAX, connectionTimeoutMs: config.DATABASE_CONNECTION_TIMEOUT_MS, applicationName: "netraven-api", parallelWorkersPerGather: 0 },
    // The pool drops the connection and opens another on the next query; a request that was using it answers 503.
    onConnectionLost: (error) => logger.warn({ err: error }, "database connection lost"),
  });
  options.onCleanup(() => db.close());
  const app = await createServer({ db, config: toServerConfig(config, secrets.secrets), logger });
  options.onCleanup(() => app.close());
  const address = await app.listen({ host: config.HOST, port: config.PORT }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EADDRINUSE") throw error;
    throw new StartupError(
      `Port ${config.PORT} on ${config.HOST} is already in use (another NetRaven API, or another server). Stop it, or set PORT to a free port.`,
      EXIT_CODES.CONFIG,
      { cause: error },
    );
  });
  logger.info({ url: address, database: redactConnectionString(databaseUrl) }, "NetRaven API listening");
  return { app, url: address, ...(admin ? { admin } : {}), ...(secrets.created && secrets.file ? { generatedSecretsFile: secrets.file } : {}) };
}

// The file keeps the password out of the log stream; if it cannot be written the
// start entry prints the password on stdout instead, so it is never lost.
async function keepFirstRunPassword(stateDir: string, username: string, password: string, logger: pino.Logger): Promise<FirstRunAdmin> {
  try {
    const file = await writeFirstRunPassword(stateDir, password);
    logger.info({ file }, "first run: the generated admin password is in this file (mode 0600)");
    return { username, password, file };
  } catch (error) {
    logger.warn({ err: error }, "could not write the first-run admin password file (set NETRAVEN_STATE_DIR to a writable directory); it is printed on stdout instead");
    return { username, password };
  }
}
