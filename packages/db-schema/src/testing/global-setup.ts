import type { TestProject } from "vitest/node";

import { ident, runAdmin } from "./admin.js";
import "./provided-context.js";
import { createTemplateDatabase } from "./template.js";
import { startTestServer } from "./test-server.js";

/** `TEST_DB=embedded|container` chooses the server; anything else is a typo worth stopping for. */
function testDbPreference(value: string | undefined): "embedded" | "container" | undefined {
  if (!value) return undefined;
  if (value === "embedded" || value === "container") return value;
  throw new Error(`TEST_DB=${value} is not understood: use TEST_DB=embedded or TEST_DB=container, or unset it to probe.`);
}

/**
 * Vitest `globalSetup`: one PostgreSQL per run (see `startTestServer`) and one
 * migrated template database; every test file clones its own database from it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestServer({
    testDatabaseUrl: process.env.TEST_DATABASE_URL || undefined,
    dockerHost: process.env.DOCKER_HOST || undefined,
    image: process.env.TEST_POSTGRES_IMAGE || undefined,
    prefer: testDbPreference(process.env.TEST_DB),
    onLog: (line) => console.error(`[test-db] ${line}`),
  });
  // Unique per run so parallel package runs against one TEST_DATABASE_URL never collide.
  const templateName = `netraven_tpl_${process.pid}_${Date.now().toString(36)}`;
  try {
    await createTemplateDatabase(server.adminUrl, templateName);
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide("netravenTestDb", { adminUrl: server.adminUrl, templateDatabase: templateName, serverKind: server.kind });
  return async () => {
    await runAdmin(server.adminUrl, [`DROP DATABASE IF EXISTS ${ident(templateName)} WITH (FORCE)`]).catch(() => undefined);
    await server.stop();
  };
}
