import type pg from "pg";
import { Gauge } from "prom-client";
import type { Registry } from "prom-client";

/** The API's PostgreSQL pool, read at each scrape (pg keeps the counts; nothing is tracked per query). */
export function registerPoolMetrics(registry: Registry, pool: pg.Pool): void {
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gauge("netraven_db_pool_connections", "Open connections of the API's PostgreSQL pool (busy and idle).", () => pool.totalCount);
  gauge("netraven_db_pool_idle_connections", "Open connections of the pool that no query uses.", () => pool.idleCount);
  gauge("netraven_db_pool_waiting_clients", "Queries waiting for a free pooled connection.", () => pool.waitingCount);
  gauge("netraven_db_pool_max_connections", "Size limit of the pool (DATABASE_POOL_MAX).", () => pool.options.max ?? 10);
}
