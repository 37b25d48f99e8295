import type { NetravenError } from "@netraven/runtime";
import { classifyPgConnectError, databaseUnreachableError, pgConnectError } from "@netraven/runtime";

import { MISSING_DATABASE_HINT, WAIT_SETTING } from "./connect.js";

// pg_dump, pg_restore and pg_dumpall report a failed connection as libpq text
// on stderr, not as a SQLSTATE: these patterns give each cause the code the
// `pg` driver would have reported, so the runtime classifies both the same way.
const CONNECT_FAILURE = /connection to (server|database)\b[^\n]*failed|could not connect to (server|database)|could not translate host name/i;
const CAUSES: readonly [RegExp, string][] = [
  [/password authentication failed/i, "28P01"],
  [/database "[^"]*" does not exist/i, "3D000"],
  [/role "[^"]*" does not exist|no pg_hba\.conf entry/i, "28000"],
  [/permission denied for database|does not have CONNECT privilege/i, "42501"],
  [/the database system is (starting up|shutting down|in recovery)/i, "57P03"],
  [/too many clients|remaining connection slots are reserved/i, "53300"],
  [/Connection refused/i, "ECONNREFUSED"],
  [/could not translate host name/i, "ENOTFOUND"],
  [/No route to host/i, "EHOSTUNREACH"],
  [/Network is unreachable/i, "ENETUNREACH"],
  [/timeout expired|Connection timed out/i, "ETIMEDOUT"],
];

/**
 * The typed connection error for a client program's (already redacted)
 * stderr, or undefined when the program did not fail to connect. `url` is the
 * connection the program used; messages show it with the password masked.
 */
export function toolConnectError(stderr: string, url: string): NetravenError | undefined {
  if (!CONNECT_FAILURE.test(stderr)) return undefined;
  const line = stderr.split("\n").find((l) => CONNECT_FAILURE.test(l)) ?? stderr;
  // "pg_dump: error: connection to server at ... failed: FATAL:  password authentication failed for user "x"" -> the cause.
  const message = line.replace(/^pg_\w+: (error: )?/, "").replace(/^.*? failed: (FATAL: +)?/, "").trim();
  const code = CAUSES.find(([pattern]) => pattern.test(stderr))?.[1];
  const cause = Object.assign(new Error(message), code ? { code } : {});
  if (classifyPgConnectError(cause) === "transient") {
    return databaseUnreachableError({ url, waitedMs: 0, attempts: 1, lastError: cause, waitSetting: WAIT_SETTING });
  }
  return pgConnectError(cause, { url, missingDatabaseHint: MISSING_DATABASE_HINT });
}
