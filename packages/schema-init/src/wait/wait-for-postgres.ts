import { redactConnectionString } from "@netraven/db-schema/core";
import pg from "pg";

import { DatabaseAccessError, DatabaseUnreachableError } from "../errors.js";
import type { Logger } from "../logger.js";
import { backoffDelay, sleep } from "./backoff.js";
import { classifyConnectError, explainConnectError } from "./classify-error.js";
import { createDatabase } from "./create-database.js";

/** Options for {@link waitForPostgres}. */
export interface WaitForPostgresOptions {
  /** Connection string of the target database. */
  url: string;
  /** Overall deadline. @default 60000 */
  timeoutMs?: number;
  /** Longest pause between attempts; short so a freshly started server is used at once. @default 200 */
  maxDelayMs?: number;
  /** Create the database when it does not exist and the role may. @default true */
  createDatabase?: boolean;
  /** `application_name` of the connection, shown to other runs waiting for the lock. @default "netraven-schema-init" */
  applicationName?: string;
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * Connects to PostgreSQL, retrying transient failures (refused, DNS, server
 * starting, too many connections) with capped exponential backoff and jitter
 * until the deadline. Permanent failures (bad password, unknown role, TLS)
 * fail at once with what to fix. Returns the open connection.
 */
export async function waitForPostgres(options: WaitForPostgresOptions): Promise<pg.Client> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 60_000;
  // Only for log lines and errors: redacting parses the URL, a few milliseconds of cold code on every start.
  let redacted: string | undefined;
  const target = () => (redacted ??= redactConnectionString(options.url));
  let lastError = "";
  for (let attempt = 1; ; attempt++) {
    const remaining = timeoutMs - (Date.now() - started);
    const client = new pg.Client({
      connectionString: options.url,
      connectionTimeoutMillis: Math.max(1000, Math.min(5000, remaining)),
      application_name: options.applicationName ?? "netraven-schema-init",
    });
    try {
      await client.connect();
      // A refused attempt leaves no error handler behind; a live one needs it so a later reset is reported, not thrown.
      client.on("error", (error) => options.logger.warn("Connection to PostgreSQL lost", { error: error.message }));
      if (attempt > 1) options.logger.info("PostgreSQL is accepting connections", { target: target(), attempts: attempt, waitedMs: Date.now() - started });
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      const kind = classifyConnectError(error);
      if (kind === "permanent") {
        throw new DatabaseAccessError(`Cannot connect to ${target()}: ${explainConnectError(error)}.`, { target: target(), pgCode: (error as { code?: string }).code }, { cause: error });
      }
      if (kind === "missing-database") {
        if (options.createDatabase === false) {
          throw new DatabaseAccessError(`Cannot connect to ${target()}: ${explainConnectError(error)}.`, { target: target() }, { cause: error });
        }
        await createDatabase(options.url, options.logger);
        continue;
      }
      lastError = explainConnectError(error);
      const elapsed = Date.now() - started;
      const delay = backoffDelay(attempt, { initialMs: 50, maxMs: options.maxDelayMs ?? 200 });
      if (elapsed + delay >= timeoutMs) {
        throw new DatabaseUnreachableError(
          `PostgreSQL at ${target()} did not accept connections within ${timeoutMs} ms (${attempt} attempts; last error: ${lastError}). Check that the server runs and is reachable from here, or raise --wait-timeout.`,
          { target: target(), attempts: attempt, waitedMs: elapsed, lastError },
          { cause: error },
        );
      }
      options.logger.info("Waiting for PostgreSQL", { target: target(), attempt, elapsedMs: elapsed, error: lastError, retryInMs: delay });
      await sleep(delay, options.signal);
    }
  }
}
