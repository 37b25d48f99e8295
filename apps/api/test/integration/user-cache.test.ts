// The user cache against real PostgreSQL notifications: a change made anywhere (this process, another replica, psql)
// must refuse the old token, a lost LISTEN connection must turn the cache off, and missing triggers must keep it off.
import { USER_CHANGE_TRIGGERS } from "@netraven/db-schema/core";
import pg from "pg";
import { describe, expect, it } from "vitest";

import type { TestApp } from "../helpers/test-app.js";
import { createUserToken, useTestApp } from "../helpers/test-app.js";

// A long TTL everywhere: what evicts a copy in these tests must be a notification or a flush, never expiry.
const TTL = { userCacheTtlMs: 600_000 };
const t = useTestApp(TTL);
const LISTENER = "netraven-api user-change listener";
const ROW_TRIGGER = USER_CHANGE_TRIGGERS[0];

const sql = async <R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> => (await t().db.pool.query<R>(text, params)).rows;

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const cacheOn = (app: TestApp) => until("the user cache is on", () => app.app.netraven.users.enabled);
const me = (app: TestApp, token: string) => app.call("GET", "/api/auth/me", { token });
const statusOf = async (app: TestApp, token: string) => (await me(app, token)).statusCode;

/** A second API on the same database, its cache on and holding `token`'s user. */
async function warmReplica(token: string): Promise<TestApp> {
  const replica = await t().spawn({ ...TTL, jwt: t().app.netraven.config.jwt });
  await cacheOn(replica);
  expect(await statusOf(replica, token)).toBe(200);
  return replica;
}

/** Runs `body` while another session holds an ACCESS EXCLUSIVE lock on users: any read of the table waits. */
async function whileUsersLocked(body: () => Promise<void>): Promise<void> {
  const locker = new pg.Client({ connectionString: t().databaseUrl });
  await locker.connect();
  try {
    await locker.query("BEGIN");
    await locker.query("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
    await body();
  } finally {
    await locker.query("COMMIT");
    await locker.end();
  }
}

const within = <T>(ms: number, work: Promise<T>) => Promise.race([work, new Promise<"blocked">((resolve) => setTimeout(() => resolve("blocked"), ms))]);

describe("reads answered from the copy", () => {
  it("need no read of users: a read answers while users is locked, a write waits for the lock", async () => {
    await cacheOn(t());
    const user = await createUserToken(t());
    expect(await statusOf(t(), user.token)).toBe(200);
    let write: ReturnType<TestApp["call"]> | undefined;
    await whileUsersLocked(async () => {
      const answer = await within(3000, me(t(), user.token));
      expect(answer === "blocked" ? answer : answer.statusCode).toBe(200);
      // The control: a write reads the row, so the same lock holds it back.
      write = t().call("POST", "/api/tags", { token: user.token, body: { name: `t-${Date.now()}` } });
      expect(await within(500, write.then(() => "answered"))).toBe("blocked");
    });
    expect([201, 403]).toContain((await write)?.statusCode);
  });

  it("survive writes refused for want of a token: those changed nothing and do not empty the cache", async () => {
    await cacheOn(t());
    const user = await createUserToken(t());
    expect(await statusOf(t(), user.token)).toBe(200);
    for (let i = 0; i < 5; i++) expect((await t().call("POST", "/api/tags", { body: { name: "x" } })).statusCode).toBe(401);
    await whileUsersLocked(async () => {
      const answer = await within(3000, me(t(), user.token));
      expect(answer === "blocked" ? answer : answer.statusCode).toBe(200);
    });
  });
});

/** Runs `body` with the per-row trigger dropped, and puts it back as the migration created it. */
async function withoutRowTrigger(body: (client: pg.Client) => Promise<void>): Promise<void> {
  const [trigger] = await sql<{ definition: string }>("SELECT pg_get_triggerdef(oid) AS definition FROM pg_trigger WHERE tgname = $1", [ROW_TRIGGER]);
  const client = new pg.Client({ connectionString: t().databaseUrl });
  await client.connect();
  try {
    await body(client);
  } finally {
    await client.query(trigger?.definition ?? "");
    await client.end();
  }
}

describe("revocation reaches the copy", () => {
  it("in this process at once, notified or not: logout, then the next read is refused", async () => {
    const user = await createUserToken(t());
    await cacheOn(t());
    // With the trigger gone after the cache turned on, no notification comes: only the write's own flush can evict.
    await withoutRowTrigger(async (client) => {
      await client.query(`DROP TRIGGER ${ROW_TRIGGER} ON users`);
      expect(await statusOf(t(), user.token)).toBe(200);
      expect((await t().call("POST", "/api/auth/logout", { token: user.token })).statusCode).toBe(204);
      expect(await statusOf(t(), user.token)).toBe(401);
    });
  });

  it("in another replica: a logout there and a change by psql are notified and refuse the token", async () => {
    const user = await createUserToken(t());
    const replica = await warmReplica(user.token);
    expect((await t().call("POST", "/api/auth/logout", { token: user.token })).statusCode).toBe(204);
    await until("the replica refuses the logged-out token", async () => (await statusOf(replica, user.token)) === 401, 5000);

    const other = await createUserToken(t());
    expect(await statusOf(replica, other.token)).toBe(200);
    await sql("UPDATE users SET is_active = false WHERE id = $1", [other.id]);
    await until("the replica refuses the disabled user", async () => (await statusOf(replica, other.token)) === 401, 5000);
    // A refusal is never served from the copy alone: re-enabled, the same token is let in again.
    await sql("UPDATE users SET is_active = true WHERE id = $1", [other.id]);
    await until("the replica admits the re-enabled user", async () => (await statusOf(replica, other.token)) === 200, 5000);
  });

  it("while the LISTEN connection is down: the cache is off and empty, so a change nobody was told of is seen", async () => {
    const user = await createUserToken(t());
    const replica = await warmReplica(user.token);
    // The change commits after every listener's backend is gone, so its notification reaches no one; the trigger is
    // dropped in the same transaction, so no listener can come back on and empty the cache that way either.
    await withoutRowTrigger(async (client) => {
      await client.query("BEGIN");
      await client.query("UPDATE users SET token_version = token_version + 1 WHERE id = $1", [user.id]);
      await client.query(`DROP TRIGGER ${ROW_TRIGGER} ON users`);
      const ended = await client.query("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = $1", [LISTENER]);
      expect(ended.rows.length).toBeGreaterThanOrEqual(2);
      await client.query("COMMIT");
      await until("the replica refuses the revoked token", async () => (await statusOf(replica, user.token)) === 401, 5000);
      expect(replica.logs()).toContain("user cache off: its LISTEN connection was lost");
    });
    // With the trigger back it reconnects on its own and caches again.
    await until("the replica's user cache is back on", () => replica.app.netraven.users.enabled, 40_000);
    expect(await statusOf(replica, (await createUserToken(t())).token)).toBe(200);
  }, 60_000);
});

describe("without the triggers", () => {
  it("keeps no copy: a change by psql is refused on the very next read", async () => {
    await withoutRowTrigger(async (client) => {
      await client.query(`DROP TRIGGER ${ROW_TRIGGER} ON users`);
      const replica = await t().spawn({ ...TTL, jwt: t().app.netraven.config.jwt });
      await until("the replica reports the missing trigger", () => replica.logs().includes(`trigger ${ROW_TRIGGER} on public.users is missing or disabled`));
      expect(replica.app.netraven.users.enabled).toBe(false);
      const user = await createUserToken(t());
      expect(await statusOf(replica, user.token)).toBe(200);
      await client.query("UPDATE users SET is_active = false WHERE id = $1", [user.id]);
      expect(await statusOf(replica, user.token)).toBe(401);
    });
  });
});
