import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import type { TestProject } from "vitest/node";

import { findFreePort, startEmbeddedPostgres } from "../../src/embedded-postgres/index.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL server. */
    runtimeTestAdminUrl: string;
  }
}

/**
 * One real PostgreSQL per run: TEST_DATABASE_URL when set, else an embedded
 * server from this package's own launcher. The same sources as
 * @netraven/db-schema/testing, without importing it (this package is the
 * ground floor; db-schema will depend on it).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide("runtimeTestAdminUrl", process.env.TEST_DATABASE_URL);
    return async () => undefined;
  }
  const root = path.join(os.tmpdir(), `netraven-runtime-test-pg-${process.pid}-${Date.now()}`);
  const server = await startEmbeddedPostgres({ dataDir: path.join(root, "data"), port: await findFreePort(), ephemeral: true });
  project.provide("runtimeTestAdminUrl", server.url);
  return async () => {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  };
}
