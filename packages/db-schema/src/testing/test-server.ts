import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { findFreePort, startEmbeddedPostgres } from "@netraven/runtime/embedded-postgres";

/** Where a test run's PostgreSQL comes from. */
export type TestServerKind = "external" | "testcontainers" | "embedded";

/** A PostgreSQL server for one test run. */
export interface TestServer {
  kind: TestServerKind;
  /** Connection string of a role that may CREATE DATABASE. */
  adminUrl: string;
  stop(): Promise<void>;
}

/** Options for {@link startTestServer}. */
export interface StartTestServerOptions {
  /** `TEST_DATABASE_URL`: use this server as is. */
  testDatabaseUrl?: string | undefined;
  /** `DOCKER_HOST`, when set, marks a Docker engine to try. */
  dockerHost?: string | undefined;
  /** Image for testcontainers. @default "postgres:15-alpine" (the production major) */
  image?: string;
  /**
   * `TEST_DB`: force one source instead of probing. `embedded` never touches
   * Docker; `container` fails when the container cannot start.
   */
  prefer?: "embedded" | "container" | undefined;
  /** Progress messages. */
  onLog?: (line: string) => void;
}

/**
 * Picks the PostgreSQL for a test run: `TEST_DATABASE_URL` if set; else a
 * testcontainers container when a Docker engine answers; else an embedded
 * server from the `embedded-postgres` package. Never a mock.
 */
export async function startTestServer(options: StartTestServerOptions = {}): Promise<TestServer> {
  const log = options.onLog ?? (() => undefined);
  if (options.testDatabaseUrl) {
    return { kind: "external", adminUrl: options.testDatabaseUrl, stop: async () => undefined };
  }
  const image = options.image ?? "postgres:15-alpine";
  if (options.prefer === "container") return startContainer(image, log);
  if (options.prefer !== "embedded" && dockerMayAnswer(options.dockerHost)) {
    const container = await tryTestcontainers(image, log);
    if (container) return container;
  }
  return startEmbeddedTestServer(log);
}

// Importing testcontainers and probing costs seconds, so only try it when a
// Docker socket or DOCKER_HOST exists at all.
function dockerMayAnswer(dockerHost: string | undefined): boolean {
  return Boolean(dockerHost) || existsSync("/var/run/docker.sock") || existsSync(path.join(os.homedir(), ".docker/run/docker.sock"));
}

async function tryTestcontainers(image: string, log: (line: string) => void): Promise<TestServer | undefined> {
  try {
    const { getContainerRuntimeClient } = await import("testcontainers");
    await getContainerRuntimeClient();
  } catch (error) {
    log(`No Docker engine answered (${(error as Error).message.split("\n")[0]}); using embedded PostgreSQL.`);
    return undefined;
  }
  try {
    return await startContainer(image, log);
  } catch (error) {
    // An engine that answers but cannot pull (air-gapped hosts, a CI that
    // starts its own dockerd) must not fail the whole suite.
    log(`A Docker engine answered but ${image} could not start (${(error as Error).message.split("\n")[0]}); using embedded PostgreSQL.`);
    return undefined;
  }
}

async function startContainer(image: string, log: (line: string) => void): Promise<TestServer> {
  const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
  const container = await new PostgreSqlContainer(image).start();
  log(`Started ${image} with testcontainers.`);
  return { kind: "testcontainers", adminUrl: container.getConnectionUri(), stop: async () => void (await container.stop()) };
}

async function startEmbeddedTestServer(log: (line: string) => void): Promise<TestServer> {
  const root = path.join(os.tmpdir(), `netraven-test-pg-${process.pid}-${Date.now()}`);
  const port = await findFreePort();
  const server = await startEmbeddedPostgres({ dataDir: path.join(root, "data"), port, ephemeral: true });
  log(`Started embedded PostgreSQL on port ${port}.`);
  return {
    kind: "embedded",
    adminUrl: server.url,
    stop: async () => {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
