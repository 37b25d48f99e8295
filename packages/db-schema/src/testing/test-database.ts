import { randomBytes } from "node:crypto";

import { retryUntil } from "@netraven/runtime";
import { afterAll, beforeAll, inject } from "vitest";

import { ident, runAdmin, withDatabase } from "./admin.js";
import "./provided-context.js";

/** A database of its own for one test file. */
export interface TestDatabase {
  name: string;
  /** Connection string of the new database (same role as the server's admin). */
  url: string;
  /** Connection string of the server's maintenance database, for CREATE/DROP DATABASE. */
  adminUrl: string;
  drop(): Promise<void>;
}

/** Options for {@link createTestDatabase}. */
export interface CreateTestDatabaseOptions {
  /** "migrated" clones the migrated template; "empty" is a bare database. @default "migrated" */
  from?: "migrated" | "empty";
}

/** Creates a fresh database on the run's test server. Requires the db-schema vitest globalSetup. */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const context = inject("netravenTestDb");
  if (!context) {
    throw new Error("No test database server: add '@netraven/db-schema/testing/global-setup' to vitest globalSetup.");
  }
  const name = `nrt_${randomBytes(6).toString("hex")}`;
  const template = options.from === "empty" ? "template0" : context.templateDatabase;
  await createDatabaseWithRetry(context.adminUrl, name, template);
  return {
    name,
    url: withDatabase(context.adminUrl, name),
    adminUrl: context.adminUrl,
    drop: () => runAdmin(context.adminUrl, [`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`]),
  };
}

// Two files cloning the template at the same instant can see each other as
// "other users" of the template; a short retry absorbs that race.
async function createDatabaseWithRetry(adminUrl: string, name: string, template: string): Promise<void> {
  await retryUntil(() => runAdmin(adminUrl, [`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(template)}`]), {
    deadlineMs: 20_000,
    classify: (error) => (/being accessed by other users/.test((error as Error).message) ? "retry" : "fail"),
  });
}

/**
 * Registers `beforeAll`/`afterAll` hooks that give the calling test file its
 * own database and drop it afterwards. Returns a getter for the database.
 */
export function useTestDatabase(options: CreateTestDatabaseOptions = {}): () => TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(options);
  });
  afterAll(async () => {
    await database?.drop();
  });
  return () => {
    if (!database) throw new Error("useTestDatabase(): the database exists only inside tests and hooks.");
    return database;
  };
}
