import type { Logger } from "@netraven/runtime";
import { DatabaseAccessDeniedError, displayDatabaseUrl } from "@netraven/runtime";
import { openPgClient } from "@netraven/runtime/pg";
import type pg from "pg";

/**
 * Creates the database named in `url` by connecting to the server's
 * maintenance database. Several replicas may race here: "already exists"
 * counts as success. A role without CREATEDB gets a 77 naming the fix; any
 * other failure is rethrown as the driver's error, so the wait loop
 * classifies it like a connect error (retry, or 77/66 at once).
 */
export async function createDatabase(url: string, logger: Logger): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  let client: pg.Client | undefined;
  try {
    client = await openPgClient({ connectionString: maintenance.toString(), application_name: "netraven-schema-init" });
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    logger.info("Created database", { database: name });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "42P04" || code === "23505") return; // created by a concurrent run
    if (code !== "42501") throw error;
    const role = decodeURIComponent(target.username) || "the connecting role";
    throw new DatabaseAccessDeniedError(
      `database "${name}" does not exist at ${displayDatabaseUrl(url)} and user "${role}" may not create it: create it (CREATE DATABASE "${name}" OWNER ${role}), grant CREATEDB, or set SCHEMA_INIT_CREATE_DATABASE=false to fail with 66 instead`,
      { context: { database: name, pgCode: code }, cause: error },
    );
  } finally {
    await client?.end().catch(() => undefined);
  }
}
