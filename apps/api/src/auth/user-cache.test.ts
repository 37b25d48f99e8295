import { describe, expect, it } from "vitest";

import { createUserCache } from "./user-cache.js";

const ALICE = { username: "alice", isAdmin: false, isActive: true, tokenVersion: 3 };

function cacheAt(options: { ttlMs?: number; maxEntries?: number } = {}) {
  let time = 0;
  const cache = createUserCache({ ttlMs: options.ttlMs ?? 1000, maxEntries: options.maxEntries, now: () => time });
  return { cache, advance: (ms: number) => void (time += ms) };
}

describe("createUserCache", () => {
  it("keeps nothing until the listener turns it on, and empties when it goes off", () => {
    const { cache } = cacheAt();
    cache.keep("a", ALICE, cache.ticket());
    expect(cache.get("a")).toBeUndefined();
    cache.setEnabled(true);
    cache.keep("a", ALICE, cache.ticket());
    expect(cache.get("a")).toEqual(ALICE);
    cache.setEnabled(false);
    expect(cache.get("a")).toBeUndefined();
  });

  it("refuses a row read while an eviction arrived: it may predate the change", () => {
    const { cache } = cacheAt();
    cache.setEnabled(true);
    const ticket = cache.ticket();
    cache.evict("someone-else");
    cache.keep("a", ALICE, ticket);
    expect(cache.get("a")).toBeUndefined();
    const beforeReconnect = cache.ticket();
    cache.setEnabled(false);
    cache.setEnabled(true);
    cache.keep("a", ALICE, beforeReconnect);
    expect(cache.get("a")).toBeUndefined();
  });

  it("drops a copy after ttlMs, and the oldest copy when full", () => {
    const { cache, advance } = cacheAt({ ttlMs: 1000, maxEntries: 2 });
    cache.setEnabled(true);
    cache.keep("a", ALICE, cache.ticket());
    advance(999);
    expect(cache.get("a")).toEqual(ALICE);
    advance(1);
    expect(cache.get("a")).toBeUndefined();
    for (const id of ["a", "b", "c"]) cache.keep(id, ALICE, cache.ticket());
    expect(["a", "b", "c"].map((id) => cache.get(id) !== undefined)).toEqual([false, true, true]);
  });

  it("stays off for good with ttlMs 0", () => {
    const { cache } = cacheAt({ ttlMs: 0 });
    cache.setEnabled(true);
    expect(cache.enabled).toBe(false);
    cache.keep("a", ALICE, cache.ticket());
    expect(cache.get("a")).toBeUndefined();
  });
});
