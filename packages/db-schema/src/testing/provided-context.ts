/** What the global setup hands to every test file (through vitest's `inject`). */
export interface NetravenTestContext {
  /** Connection string of a role that may CREATE DATABASE on the run's server. */
  adminUrl: string;
  /** The migrated database every "migrated" test database is cloned from. */
  templateDatabase: string;
  /** external, testcontainers or embedded. */
  serverKind: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    netravenTestDb: NetravenTestContext;
  }
}
