import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { findFreePort } from "../../src/embedded-postgres/index.js";
import { classifyPgConnectError, databaseUnreachableError, describePgError, isNetravenError, pgConnectError, retryUntil } from "../../src/index.js";

// The classification against a real server: the error objects pg really
// produces for each cause, not hand-made ones.
const adminUrl = inject("runtimeTestAdminUrl");
const role = `nr_rt_${randomBytes(4).toString("hex")}`;
const password = `pw-${randomBytes(8).toString("hex")}`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function urlWith(change: (url: URL) => void): string {
  const url = new URL(adminUrl);
  change(url);
  return url.toString();
}

async function connectError(url: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    return error;
  } finally {
    await client.end().catch(() => undefined);
  }
  throw new Error(`connecting to ${url} succeeded`);
}

beforeAll(async () => {
  await admin(`CREATE ROLE ${role} LOGIN PASSWORD '${password}' NOSUPERUSER NOCREATEDB`);
});
afterAll(async () => {
  await admin(`DROP ROLE IF EXISTS ${role}`);
});

describe("pg connect errors from a real PostgreSQL", () => {
  it("wrong password: permanent, 77, names the user and DATABASE_URL, no password", async () => {
    const url = urlWith((u) => {
      u.username = role;
      u.password = "wrong-password";
    });
    const error = await connectError(url);
    expect(classifyPgConnectError(error)).toBe("permanent");
    const typed = pgConnectError(error, { url });
    expect([typed.code, typed.exitCode, typed.retryable]).toEqual(["DB_ACCESS_DENIED", 77, false]);
    expect(typed.message).toMatch(new RegExp(`^password authentication failed for user "${role}" at postgresql://${role}:\\*\\*\\*@127\\.0\\.0\\.1:\\d+/postgres: check the password in DATABASE_URL$`));
    expect(typed.message).not.toContain("wrong-password");
  });

  it("unknown database: missing-database, 66", async () => {
    const url = urlWith((u) => {
      u.pathname = "/nr_no_such_db";
    });
    const error = await connectError(url);
    expect(classifyPgConnectError(error)).toBe("missing-database");
    const typed = pgConnectError(error, { url });
    expect([typed.code, typed.exitCode]).toEqual(["DB_NOT_FOUND", 66]);
    expect(typed.message).toMatch(/^database "nr_no_such_db" does not exist at postgresql:\/\/.*: create it, or let schema-init create it \(role needs CREATEDB\)$/);
  });

  it("unknown role: permanent, 77, points at the user name and pg_hba.conf", async () => {
    const url = urlWith((u) => {
      u.username = "nr_nobody_at_all";
      u.password = "x";
    });
    const error = await connectError(url);
    const typed = pgConnectError(error, { url });
    expect(typed.exitCode).toBe(77);
    // The embedded server authenticates with SCRAM, so an unknown role fails as a wrong password (28P01) by design of PostgreSQL.
    expect(typed.message).toMatch(/password authentication failed for user "nr_nobody_at_all"|rejected user "nr_nobody_at_all"/);
  });

  it("missing privilege (42501) on connect: permanent, 77", async () => {
    const db = `nr_rt_db_${randomBytes(3).toString("hex")}`;
    await admin(`CREATE DATABASE ${db}`);
    await admin(`REVOKE CONNECT ON DATABASE ${db} FROM PUBLIC`);
    try {
      const url = urlWith((u) => {
        u.username = role;
        u.password = password;
        u.pathname = `/${db}`;
      });
      const error = await connectError(url);
      expect((error as { code?: string }).code).toBe("42501");
      const typed = pgConnectError(error, { url });
      expect(typed.exitCode).toBe(77);
      expect(typed.message).toMatch(/^permission denied for user "nr_rt_[0-9a-f]+" at .*: grant the role the needed privilege or use another role$/);
    } finally {
      await admin(`DROP DATABASE ${db}`);
    }
  });

  it("TLS demanded from a server without TLS: permanent, 77, points at sslmode", async () => {
    const url = urlWith((u) => {
      u.searchParams.set("sslmode", "require");
    });
    const error = await connectError(url);
    const typed = pgConnectError(error, { url });
    expect(typed.exitCode).toBe(77);
    expect(typed.message).toMatch(/^TLS negotiation with .* failed \(.*\): check sslmode in DATABASE_URL/);
  });

  it("refused port: transient, and after the deadline a 69 naming the program's knob", async () => {
    const port = await findFreePort();
    const url = urlWith((u) => {
      u.port = String(port);
    });
    const error = await connectError(url);
    expect(classifyPgConnectError(error)).toBe("transient");
    expect(describePgError(error)).toBe("connection refused (ECONNREFUSED)");
    const started = Date.now();
    const thrown = await retryUntil(() => connectError(url).then((e) => Promise.reject(e)), {
      deadlineMs: 300,
      classify: (e) => (classifyPgConnectError(e) === "transient" ? "retry" : "fail"),
      onDeadline: (last, stats) => databaseUnreachableError({ url, waitedMs: Date.now() - started, attempts: stats.attempts, lastError: last, waitSetting: "NETRAVEN_DB_WAIT_MS" }),
    }).catch((e: unknown) => e);
    expect(isNetravenError(thrown) && [thrown.code, thrown.exitCode, thrown.retryable]).toEqual(["DB_UNREACHABLE", 69, true]);
    expect((thrown as Error).message).toMatch(/^PostgreSQL at postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres did not accept connections within 0\.\d s \(last error: connection refused \(ECONNREFUSED\)\): check that it runs and DATABASE_URL's host and port; raise NETRAVEN_DB_WAIT_MS to wait longer$/);
  });

  it("unresolvable host: transient", async () => {
    const error = await connectError(urlWith((u) => (u.hostname = "nr-no-such-host.invalid")));
    expect(classifyPgConnectError(error)).toBe("transient");
    expect(describePgError(error)).toMatch(/\((ENOTFOUND|EAI_AGAIN)\)$/);
  });
});
