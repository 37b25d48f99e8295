import { describe, expect, it } from "vitest";

import { createDbClient } from "../../src/index.js";
import { useTestDatabase } from "../../src/testing/index.js";

const database = useTestDatabase();

describe("createDbClient session settings", () => {
  it("sets max_parallel_workers_per_gather on every pooled session when asked, and keeps the server's otherwise", async () => {
    const serial = createDbClient({ url: database().url, pool: { max: 2, parallelWorkersPerGather: 0 } });
    const plain = createDbClient({ url: database().url, pool: { max: 1 } });
    try {
      const shown = await Promise.all([serial.pool.query("SHOW max_parallel_workers_per_gather"), serial.pool.query("SHOW max_parallel_workers_per_gather")]);
      expect(shown.map(({ rows }) => rows[0].max_parallel_workers_per_gather)).toEqual(["0", "0"]);
      const source = (client: typeof plain) => client.pool.query("SELECT source FROM pg_settings WHERE name = 'max_parallel_workers_per_gather'");
      expect((await source(serial)).rows[0].source).toBe("client");
      expect((await source(plain)).rows[0].source).not.toBe("client");
    } finally {
      await serial.close();
      await plain.close();
    }
  });
});
