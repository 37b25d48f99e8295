import pg from "pg";
import { afterEach } from "vitest";

/**
 * Holds an ACCESS EXCLUSIVE lock on a table so that pg_dump (which locks
 * every table in ACCESS SHARE mode before reading) waits, after it has
 * created its output file: a deterministic "mid-dump" without big data.
 */
export async function stallDumps(url: string, table: string): Promise<{ release(): Promise<void>; waitForDump(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("BEGIN");
  await client.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  return {
    async waitForDump() {
      for (let i = 0; i < 400; i++) {
        // Inside a transaction pg_stat_activity is a snapshot unless cleared.
        await client.query("SELECT pg_stat_clear_snapshot()");
        const { rows } = await client.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE 'LOCK TABLE%'`,
        );
        if (rows.length > 0) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error("pg_dump never started waiting for the table lock");
    },
    async release() {
      await client.query("ROLLBACK").catch(() => undefined);
      await client.end();
    },
  };
}

/** A dump staller per test: `stall()` takes the table lock, `release()` (or the test's end) lets go. */
export function useDumpStaller(url: () => string, table = "devices") {
  let current: Awaited<ReturnType<typeof stallDumps>> | undefined;
  const release = async () => {
    await current?.release();
    current = undefined;
  };
  afterEach(release);
  return {
    /** Locks the table; resolves once pg_dump of the run just started waits on it, mid-dump. */
    async stall(): Promise<{ waitForDump(): Promise<void> }> {
      current = await stallDumps(url(), table);
      return current;
    },
    release,
  };
}
