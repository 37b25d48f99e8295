import { randomBytes } from "node:crypto";

import type { DbClient } from "@netraven/db-schema";
import { createDbClient } from "@netraven/db-schema";
import { useTestDatabase } from "@netraven/db-schema/testing";
import { silentLogger } from "@netraven/runtime";
import { initializeSchema } from "@netraven/schema-init";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll } from "vitest";

import { createLogger, createServer, parseKeyring } from "../../src/index.js";
import type { ServerConfig } from "../../src/index.js";

/** The seeded admin's password in every test database (schema-init seeds it). */
export const ADMIN_PASSWORD = "test-admin-password-0123";

/** A keyring entry with a fresh random key. */
export const newKey = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;

/** Server settings for tests: random secrets, limits high enough for table-driven walks. */
export function testServerConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    production: false,
    jwt: { secret: randomBytes(48).toString("base64"), ttlSeconds: 900 },
    keyring: parseKeyring(newKey("k1")),
    rateLimit: { max: 1_000_000, loginMax: 1000, windowMs: 60_000 },
    trustProxy: false,
    databaseSchema: "public",
    readinessCacheMs: 0,
    // As in production: every test that revokes or disables also proves the user cache lets go.
    userCacheTtlMs: 10_000,
    // Load shedding would turn requests away on a busy CI machine.
    maxEventLoopDelayMs: 0,
    ...overrides,
  };
}

/** A test clock: real time plus an offset the test can move. */
export interface TestClock {
  now(): Date;
  advanceMs(ms: number): void;
}

function createTestClock(): TestClock {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advanceMs: (ms) => void (offset += ms) };
}

/** One API instance on the file's database, with its log lines captured. */
export interface TestApp {
  app: FastifyInstance;
  db: DbClient;
  databaseUrl: string;
  clock: TestClock;
  /** Every log line the server wrote so far (JSON). */
  logs(): string;
  /** Sends a request, with a bearer token when given. */
  call(method: InjectOptions["method"], url: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  login(username: string, password: string): Promise<string>;
  /** Token of the seeded admin. */
  adminToken: string;
  /** Another server on the same database (other keyring, limits); closed with the first. */
  spawn(overrides: Partial<ServerConfig>): Promise<TestApp>;
}

async function buildTestApp(databaseUrl: string, config: ServerConfig, cleanups: (() => Promise<void>)[]): Promise<TestApp> {
  const db = createDbClient({ url: databaseUrl, pool: { max: 5 } });
  const lines: string[] = [];
  // Server faults (level 50+) also go to stderr so a failing test shows why.
  const write = (line: string) => {
    lines.push(line);
    if (/"level":"error"/.test(line)) process.stderr.write(line);
  };
  const logger = createLogger({ level: "debug", destination: { write } });
  const clock = createTestClock();
  const app = await createServer({ db, config, logger, clock: clock.now });
  await app.ready();
  cleanups.push(async () => {
    await app.close();
    await db.close();
  });
  const call: TestApp["call"] = (method, url, options = {}) =>
    app.inject({
      method,
      url,
      headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
      ...(options.body === undefined ? {} : { payload: options.body as object }),
    });
  const login = async (username: string, password: string) => {
    const response = await call("POST", "/api/auth/login", { body: { username, password } });
    if (response.statusCode !== 200) throw new Error(`login as ${username} failed: ${response.statusCode} ${response.body}`);
    return (response.json() as { accessToken: string }).accessToken;
  };
  const testApp: TestApp = {
    app,
    db,
    databaseUrl,
    clock,
    logs: () => lines.join(""),
    call,
    login,
    adminToken: await login("admin", ADMIN_PASSWORD),
    spawn: (overrides) => buildTestApp(databaseUrl, testServerConfig(overrides), cleanups),
  };
  return testApp;
}

/**
 * Per test file: a fresh database seeded by schema-init (admin password
 * {@link ADMIN_PASSWORD}) and one API instance on it. Returns a getter.
 */
export function useTestApp(overrides: Partial<ServerConfig> = {}): () => TestApp {
  const database = useTestDatabase();
  const cleanups: (() => Promise<void>)[] = [];
  let testApp: TestApp | undefined;
  beforeAll(async () => {
    const { url } = database();
    await initializeSchema({ databaseUrl: url, adminPassword: ADMIN_PASSWORD, logger: silentLogger });
    testApp = await buildTestApp(url, testServerConfig(overrides), cleanups);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  return () => {
    if (!testApp) throw new Error("useTestApp(): the app exists only inside tests and hooks.");
    return testApp;
  };
}

/** Creates a non-admin user through the API and returns its token. */
export async function createUserToken(t: TestApp, options: { username?: string; isAdmin?: boolean } = {}): Promise<{ id: string; token: string; username: string; password: string }> {
  const username = options.username ?? `user_${randomBytes(4).toString("hex")}`;
  // Meets the default password policy: upper, lower, digit, special, 12+ characters.
  const password = `Pw-${randomBytes(12).toString("hex")}!`;
  const response = await t.call("POST", "/api/users", {
    token: t.adminToken,
    body: { username, email: `${username}@example.test`, password, isAdmin: options.isAdmin ?? false },
  });
  if (response.statusCode !== 201) throw new Error(`creating ${username} failed: ${response.statusCode} ${response.body}`);
  return { id: (response.json() as { id: string }).id, token: await t.login(username, password), username, password };
}
