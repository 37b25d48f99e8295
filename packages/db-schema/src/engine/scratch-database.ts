import { randomBytes } from "node:crypto";

import { ident, runAdmin, withDatabase } from "../testing/admin.js";
import { startTestServer } from "../testing/test-server.js";

/** A throw-away database for authoring checks. */
export interface ScratchDatabase {
  url: string;
  dispose(): Promise<void>;
}

/** Creates an empty database on the test server (TEST_DATABASE_URL, testcontainers or embedded). */
export async function createScratchDatabase(env: { TEST_DATABASE_URL?: string | undefined; DOCKER_HOST?: string | undefined }): Promise<ScratchDatabase> {
  const server = await startTestServer({ testDatabaseUrl: env.TEST_DATABASE_URL, dockerHost: env.DOCKER_HOST });
  const name = `netraven_scratch_${randomBytes(5).toString("hex")}`;
  try {
    await runAdmin(server.adminUrl, [`CREATE DATABASE ${ident(name)}`]);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url: withDatabase(server.adminUrl, name),
    async dispose() {
      await runAdmin(server.adminUrl, [`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`]).catch(() => undefined);
      await server.stop();
    },
  };
}
