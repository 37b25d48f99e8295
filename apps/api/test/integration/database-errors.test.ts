import { createDbClient } from "@netraven/db-schema";
import { findFreePort } from "@netraven/runtime/embedded-postgres";
import { describe, expect, it } from "vitest";

import { mapError } from "../../src/http/error-mapping.js";
import { useTestApp } from "../helpers/test-app.js";

const t = useTestApp();

// Real errors from the real server, through both drivers the API uses.
async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("the statement unexpectedly succeeded");
}

describe("database errors that bad input can cause", () => {
  const statements: [string, string, number][] = [
    ["22P02 invalid text representation", "SELECT 'not-a-uuid'::uuid", 422],
    ["22003 numeric value out of range", "SELECT 2147483648::int4", 422],
    ["22008 datetime field overflow", "SELECT '0000-01-01T00:00:00Z'::timestamptz", 422],
    ["22021 character not in repertoire", "SELECT convert_from('\\xff'::bytea, 'UTF8')", 422],
    ["23505 unique violation", "INSERT INTO tags (name) VALUES ('default')", 409],
    ["23503 foreign key violation", "INSERT INTO device_tags (device_id, tag_id) VALUES (gen_random_uuid(), gen_random_uuid())", 409],
    ["23502 not null violation", "INSERT INTO tags (name) VALUES (NULL)", 422],
  ];

  it.each(statements)("maps %s to 4xx problem details (pg and Prisma)", async (_label, sql, status) => {
    const viaPg = await failure(() => t().db.pool.query(sql));
    const viaPrisma = await failure(() => t().db.prisma.$executeRawUnsafe(sql));
    for (const error of [viaPg, viaPrisma]) {
      const mapped = mapError(error, "r1", "POST");
      expect(mapped.problem.status).toBe(status);
      expect(mapped.serverFault).toBe(false);
      expect(mapped.problem.detail).not.toContain(sql);
    }
  });

  it("maps an unreachable database to 503 with Retry-After", async () => {
    const port = await findFreePort();
    const db = createDbClient({ url: `postgresql://nobody:secret@127.0.0.1:${port}/none`, pool: { max: 1, connectionTimeoutMs: 500 } });
    try {
      for (const error of [await failure(() => db.pool.query("SELECT 1")), await failure(() => db.prisma.tag.findMany())]) {
        const mapped = mapError(error, "r1", "GET");
        expect(mapped.problem.status).toBe(503);
        expect(mapped.headers?.["retry-after"]).toBeDefined();
        expect(JSON.stringify(mapped.problem)).not.toContain("secret");
      }
    } finally {
      await db.close();
    }
  });
});
