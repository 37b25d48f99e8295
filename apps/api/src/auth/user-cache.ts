import { performance } from "node:perf_hooks";

/**
 * Requests that may be admitted from the copy. Any other method reads the row
 * (a revoked token can never change anything) and empties the copies before
 * its answer leaves, since it may have changed a user.
 */
export const READ_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD"]);

/** What the authentication hook needs of a user row. */
export interface CachedUser {
  username: string;
  isAdmin: boolean;
  isActive: boolean;
  tokenVersion: number;
}

/**
 * This process's copy of signed-in users' rows, so a read request costs one
 * PostgreSQL round trip instead of two. It is only as fresh as the
 * notifications that evict it: the change listener turns it on once it is
 * LISTENing and has found the triggers that notify, and off (emptied) the
 * moment that connection is lost. Entries also expire after `ttlMs`, a bound
 * for changes no trigger sees (a restore under session_replication_role=replica).
 */
export interface UserCache {
  /** The copy of user `id`, or undefined when none is kept (cache off, expired, evicted, never read). */
  get(id: string): CachedUser | undefined;
  /**
   * Take before reading a row from the database and hand to {@link keep}: a row
   * read while an eviction arrived may predate the change, so it is not kept.
   */
  ticket(): number;
  keep(id: string, user: CachedUser, ticket: number): void;
  evict(id: string): void;
  /** Drops every copy: a write request answered, a TRUNCATE, the listener lost. */
  flush(): void;
  /** On: copies may be kept (the listener is up). Off also empties the cache. */
  setEnabled(enabled: boolean): void;
  readonly enabled: boolean;
  /** Users held (expired copies included until they are next looked up). */
  readonly size: number;
}

/** Options for {@link createUserCache}. */
export interface UserCacheOptions {
  /** How long a copy is used at most; 0 turns the cache off for good. */
  ttlMs: number;
  /** Most users kept; the oldest copy goes first. @default 10000 */
  maxEntries?: number;
  /** Monotonic milliseconds (injected so tests can move time). @default performance.now */
  now?: () => number;
}

interface Entry {
  user: CachedUser;
  expiresAt: number;
}

export function createUserCache(options: UserCacheOptions): UserCache {
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, Entry>();
  let enabled = false;
  // Bumped by every eviction: keep() refuses a row whose read began before the latest one.
  let generation = 0;
  const flush = () => {
    entries.clear();
    generation++;
  };
  return {
    get(id) {
      if (!enabled) return undefined;
      const entry = entries.get(id);
      if (entry === undefined) return undefined;
      if (entry.expiresAt > now()) return entry.user;
      entries.delete(id);
      return undefined;
    },
    ticket: () => generation,
    keep(id, user, ticket) {
      if (!enabled || ticket !== generation) return;
      entries.delete(id);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(id, { user, expiresAt: now() + options.ttlMs });
    },
    evict(id) {
      entries.delete(id);
      generation++;
    },
    flush,
    setEnabled(on) {
      // Either way a read still in flight began under the old state: flush() makes keep() refuse it.
      flush();
      enabled = on && options.ttlMs > 0;
    },
    get enabled() {
      return enabled;
    },
    get size() {
      return entries.size;
    },
  };
}
