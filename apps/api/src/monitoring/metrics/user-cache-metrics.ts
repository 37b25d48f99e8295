import { Gauge } from "prom-client";
import type { Registry } from "prom-client";

import type { UserCache } from "../../auth/user-cache.js";

/** The user cache's state, read at each scrape: off for long means every request reads its user (a lost LISTEN, missing triggers). */
export function registerUserCacheMetrics(registry: Registry, users: UserCache): void {
  new Gauge({
    name: "netraven_user_cache_enabled",
    help: "1 while read requests may use this process's copies of user rows (LISTEN up, users triggers enabled), else 0.",
    registers: [registry],
    collect() {
      this.set(users.enabled ? 1 : 0);
    },
  });
  new Gauge({
    name: "netraven_user_cache_users",
    help: "Users whose row this process holds a copy of.",
    registers: [registry],
    collect() {
      this.set(users.size);
    },
  });
}
