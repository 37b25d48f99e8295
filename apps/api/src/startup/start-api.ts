import { createDbClient, redactConnectionString } from "@netraven/db-schema";
import { initializeSchema } from "@netraven/schema-init";
import type { FastifyInstance } from "fastify";
import type pino from "pino";

import type { Config } from "../config.js";
import { StartupError } from "../errors.js";
import { EXIT_CODES } from "../exit-codes.js";
import { toLibraryLogger } from "../logger.js";
import { createServer } from "../server/create-server.js";
import { toServerConfig } from "../server/server-config.js";
import { resolveSecrets } from "./dev-secrets.js";
import { startEmbeddedDatabase } from "./embedded-database.js";
import { resolveStateDir } from "./state-dir.js";

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
  /** Set on the first run only, when schema-init generated the admin password. */
  admin?: { username: string; password: string };
  /** Set when development secrets were generated in this run. */
  generatedSecretsFile?: string;
}

/**
 * The one-command run: embedded PostgreSQL when DATABASE_URL is unset,
 * schema-init (wait, migrate, validate, seed) unless SKIP_SCHEMA_INIT, then
 * the API on HOST:PORT.
 */
export async function startApi(options: StartApiOptions): Promise<StartedApi> {
  const { config, logger } = options;
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
      onLog: (line) => logger.debug({ source: "postgres" }, line),
    });
    options.onCleanup(() => embedded.stop());
    databaseUrl = embedded.url;
    logger.info({ dataDir: embedded.dataDir, created: embedded.created }, "embedded PostgreSQL ready");
  }

  let admin: StartedApi["admin"];
  if (config.SKIP_SCHEMA_INIT) {
    logger.info("SKIP_SCHEMA_INIT=true: assuming schema-init already ran");
  } else {
    const report = await initializeSchema({
      databaseUrl,
      schema: config.DATABASE_SCHEMA,
      adminPassword: config.ADMIN_PASSWORD,
      logger: toLibraryLogger(logger),
      signal: options.signal,
    });
    const generated = report.seed?.admin.generatedPassword;
    if (generated && report.seed) admin = { username: report.seed.admin.username, password: generated };
    logger.info({ applied: report.migrationsApplied.length, durationMs: report.durationMs }, "schema ready");
  }

  const db = createDbClient({
    url: databaseUrl,
    schema: config.DATABASE_SCHEMA,
    // Serial plans: the API's reads are short pages, where parallel workers cost more to start than they save.
    pool: { max: config.DATABASE_POOL_MAX, connectionTimeoutMs: config.DATABASE_CONNECTION_TIMEOUT_MS, applicationName: "netraven-api", parallelWorkersPerGather: 0 },
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
