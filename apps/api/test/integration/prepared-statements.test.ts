import pg from "pg";
import { describe, expect, it } from "vitest";

import { useTestApp } from "../helpers/test-app.js";

const t = useTestApp();

async function sql(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: t().databaseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe("prepared reads", () => {
  it("keep answering after a migration changes a result column's type under the running server", async () => {
    const created = await t().call("POST", "/api/devices", { token: t().adminToken, body: { hostname: "widen.example.test", ipAddress: "192.0.2.80", deviceType: "cisco_ios" } });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json() as { id: string };
    const reads = () =>
      Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const response = await t().call("GET", i % 2 ? `/api/devices/${id}` : "/api/devices?hostname=widen", { token: t().adminToken });
          return `${response.statusCode} ${response.statusCode === 200 ? "" : response.body}`.trim();
        }),
      );
    // Every pooled connection prepares the device reads and the per-request user check.
    expect(new Set(await reads())).toEqual(new Set(["200"]));

    // What an additive migration does while old replicas still serve: widen columns both statements return.
    await sql("ALTER TABLE devices ALTER COLUMN hostname TYPE varchar(300)");
    await sql("ALTER TABLE users ALTER COLUMN username TYPE varchar(200)");

    expect(new Set(await reads())).toEqual(new Set(["200"]));
    expect(t().logs()).not.toContain("cached plan must not change result type");
  });
});
