import { redactConnectionString } from "@netraven/db-schema/core";
import pg from "pg";

import { DatabaseAccessError } from "../errors.js";
import type { Logger } from "../logger.js";
import { explainConnectError } from "./classify-error.js";

/**
 * Creates the database named in `url` by connecting to the server's
 * maintenance database. Several replicas may race here: "already exists"
 * counts as success.
 */
export async function createDatabase(url: string, logger: Logger): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const client = new pg.Client({ connectionString: maintenance.toString(), application_name: "netraven-schema-init" });
  try {
    await client.connect();
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    logger.info("Created database", { database: name });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "42P04" || code === "23505") return; // created by a concurrent run
    const role = decodeURIComponent(target.username) || "the connecting role";
    const hint = code === "42501" ? `${role} may not create databases: create "${name}" (CREATE DATABASE "${name}" OWNER ${role}) or grant CREATEDB` : explainConnectError(error);
    throw new DatabaseAccessError(`Database "${name}" does not exist at ${redactConnectionString(url)} and could not be created: ${hint}.`, { database: name, pgCode: code }, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}
