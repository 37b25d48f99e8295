import { ALL_USERS_CHANGED, introspectSchema, USER_CHANGE_CHANNEL, USER_CHANGE_TRIGGERS } from "@netraven/db-schema/core";
import { backoffDelay, describePgError, sleep } from "@netraven/runtime";
import { openPgClient } from "@netraven/runtime/pg";
import type { FastifyBaseLogger } from "fastify";
import type pg from "pg";

import type { UserCache } from "./user-cache.js";

/** Options for {@link startUserChangeListener}. */
export interface UserChangeListenerOptions {
  /** The API's pool: the listener connects with its settings, on a connection of its own. */
  pool: pg.Pool;
  /** Schema holding `users`, whose triggers must exist and be enabled. */
  schema: string;
  cache: UserCache;
  logger: FastifyBaseLogger;
}

/** The running listener; close() ends its connection and turns the cache off. */
export interface UserChangeListener {
  close(): Promise<void>;
}

// Reconnects start fast (a pg_terminate_backend or a failover) and back off to this while PostgreSQL stays away or the
// triggers stay missing; the cache is off, and every request reads its user, for as long as that lasts.
const RETRY = { initialMs: 200, maxMs: 30_000 };

/**
 * Keeps `cache` coherent with the users table: LISTENs on the channel the
 * users triggers notify, evicts the user each notification names, and turns
 * the cache on only while that LISTEN is up and both triggers are enabled.
 * A lost connection turns it off at once (notifications sent meanwhile reach
 * nobody) and is retried with backoff; so is a missing trigger, which a
 * `schema-init up` repairs.
 */
export function startUserChangeListener(options: UserChangeListenerOptions): UserChangeListener {
  const { cache, logger } = options;
  const stop = new AbortController();
  let client: pg.Client | undefined;
  let warned = false;
  const warnOnce = (message: string) => {
    if (!warned) logger.warn(message);
    warned = true;
  };

  // One session: resolves when the connection is lost or the listener closes.
  const listenOnce = async (): Promise<void> => {
    let lost!: () => void;
    const ended = new Promise<void>((resolve) => (lost = resolve));
    stop.signal.addEventListener("abort", lost, { once: true });
    const onLost = (error: Error) => {
      if (cache.enabled) warnOnce(`user cache off: its LISTEN connection was lost (${describePgError(error)}); every request reads its user until it reconnects`);
      cache.setEnabled(false);
      lost();
    };
    try {
      // keepAlive: a connection the network silently dropped is noticed and replaced (the TTL bounds the copies meanwhile).
      client = await openPgClient({ ...options.pool.options, keepAlive: true, application_name: "netraven-api user-change listener" }, { onLost });
      client.on("notification", ({ channel, payload }) => {
        if (channel !== USER_CHANGE_CHANNEL) return;
        if (payload === ALL_USERS_CHANGED || payload === undefined) cache.flush();
        else cache.evict(payload);
      });
      await client.query(`LISTEN ${USER_CHANGE_CHANNEL}`);
      // Checked after LISTEN: a trigger created in between is found, and nothing is kept before both hold.
      // The catalog read validate uses, so "enabled" means the same here as there (a replica-only trigger is not).
      const users = (await introspectSchema(client, options.schema)).find((table) => table.name === "users");
      const missing = USER_CHANGE_TRIGGERS.filter((name) => !users?.triggers.some((trigger) => trigger.name === name && !trigger.disabled));
      if (missing.length > 0) {
        warnOnce(`user cache off: trigger ${missing.join(", ")} on ${options.schema}.users is missing or disabled, so a change to a user would not reach this cache; every request reads its user. Run schema-init up (validate names the repair)`);
        return;
      }
      cache.setEnabled(true);
      logger.info({ channel: USER_CHANGE_CHANNEL }, "user cache on: users changes are notified");
      warned = false;
      await ended;
    } finally {
      cache.setEnabled(false);
      stop.signal.removeEventListener("abort", lost);
      const done = client;
      client = undefined;
      await done?.end().catch(() => undefined);
    }
  };

  const run = async () => {
    for (let attempt = 1; !stop.signal.aborted; attempt++) {
      const startedAt = Date.now();
      await listenOnce().catch((error: unknown) => warnOnce(`user cache off: cannot LISTEN for users changes (${describePgError(error)}); every request reads its user while it retries`));
      // A session that lasted a while was healthy: start the backoff again.
      if (Date.now() - startedAt > RETRY.maxMs) attempt = 1;
      await sleep(backoffDelay(attempt, RETRY), stop.signal).catch(() => undefined);
    }
  };
  const running = run();

  return {
    async close() {
      stop.abort();
      await client?.end().catch(() => undefined);
      await running;
    },
  };
}
