import { randomBytes } from "node:crypto";
import { open, readFile, rm, stat, utimes } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import type { Logger } from "@netraven/runtime";
import { createWaitReporter, retryUntil, sleep } from "@netraven/runtime";

import { LockHeldError } from "../errors.js";
import { requireBackupDir } from "./backup-dir.js";
import { toFsError } from "./fs-errors.js";
import { LOCK_FILE } from "./layout.js";

/** Who holds the lock; written into the lock file. */
export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
  /** Random per acquisition, so a breaker never removes a lock it did not inspect. */
  token: string;
}

/** Options for {@link acquireLock}. */
export interface AcquireLockOptions {
  /** The backup directory. */
  dir: string;
  /** What the holder is doing, shown to whoever waits. */
  command: string;
  /** How long to wait for another holder (0 = fail at once). @default 0 */
  timeoutMs?: number;
  /** A lock whose heartbeat is older than this is stale whatever its pid. @default 120000 */
  staleAfterMs?: number;
  /** How often the holder refreshes the lock file's mtime. @default 10000 */
  heartbeatMs?: number;
  signal?: AbortSignal | undefined;
  logger?: Logger | undefined;
}

/** A held lock. */
export interface BackupLock {
  owner: LockOwner;
  release(): Promise<void>;
}

// Tokens of the locks this process holds: a lock file naming our own pid is
// stale unless we hold it (a restarted container often reuses pid 1).
const HELD = new Set<string>();
const UNWRITTEN_GRACE_MS = 30_000;

// Thrown inside one attempt while a live holder has the lock: the wait loop retries it.
class LockBusy extends Error {
  constructor(readonly holder: LockOwner | undefined) {
    super("lock busy");
  }
}

/**
 * Takes the backup directory's lock: a file created with O_EXCL holding
 * pid/host/time. A lock is stale (and broken) when its pid is gone on this
 * host, or when its heartbeat stopped for `staleAfterMs` (another host, or a
 * reused pid). Waits with the runtime's capped, jittered backoff up to
 * `timeoutMs`, logging one line per change of holder and a periodic summary,
 * else LockHeldError.
 */
export async function acquireLock(options: AcquireLockOptions): Promise<BackupLock> {
  await requireBackupDir(options.dir);
  const lockPath = path.join(options.dir, LOCK_FILE);
  const staleAfterMs = options.staleAfterMs ?? 120_000;
  // No "waiting" line for a run that does not wait (timeout 0 fails at once with the holder named).
  const reporter = options.logger && (options.timeoutMs ?? 0) > 0 ? createWaitReporter(options.logger, { what: "the backup lock", context: { lockPath } }) : undefined;
  const owner = await retryUntil(() => attempt(lockPath, options.command, staleAfterMs, options.logger), {
    deadlineMs: options.timeoutMs ?? 0,
    signal: options.signal,
    classify: (error) => (error instanceof LockBusy ? "retry" : "fail"),
    describeError: (error) => `held by ${describeHolder((error as LockBusy).holder)}`,
    onDeadline: (error) => heldError(lockPath, (error as LockBusy).holder),
    backoff: { initialMs: 250, maxMs: 5000 },
    ...(reporter ? { reporter } : {}),
  });
  return hold(lockPath, owner, options.heartbeatMs ?? 10_000, options.logger);
}

// One attempt: create the file, or break a stale lock and try again at once
// (breaking is not waiting), or report the live holder.
async function attempt(lockPath: string, command: string, staleAfterMs: number, logger: Logger | undefined): Promise<LockOwner> {
  for (;;) {
    const owner = await tryCreate(lockPath, command);
    if (owner) return owner;
    const holder = await readHolder(lockPath);
    if (!holder) continue;
    if (!isStale(holder, staleAfterMs)) throw new LockBusy(holder.owner);
    logger?.warn("breaking a stale backup lock", { ...holder.owner, lockPath });
    await breakStale(lockPath, holder);
  }
}

/** Runs `fn` while holding the lock, and always releases it. */
export async function withLock<T>(options: AcquireLockOptions, fn: () => Promise<T>): Promise<T> {
  const lock = await acquireLock(options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}

async function tryCreate(lockPath: string, command: string): Promise<LockOwner | undefined> {
  const owner: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    command,
    startedAt: new Date().toISOString(),
    token: randomBytes(8).toString("hex"),
  };
  // Registered before the file exists: another acquirer in this process may
  // read the file before we return, and must not take it for a stale lock.
  HELD.add(owner.token);
  let handle;
  try {
    handle = await open(lockPath, "wx", 0o644);
  } catch (error) {
    HELD.delete(owner.token);
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
    throw toFsError(error, path.dirname(lockPath));
  }
  try {
    await handle.writeFile(`${JSON.stringify(owner)}\n`);
    await handle.sync();
  } catch (error) {
    HELD.delete(owner.token);
    await rm(lockPath, { force: true });
    throw toFsError(error, path.dirname(lockPath));
  } finally {
    await handle.close();
  }
  return owner;
}

interface Holder {
  /** Undefined while the creator has not written it yet (or it is garbage). */
  owner: LockOwner | undefined;
  mtimeMs: number;
  raw: string;
}

async function readHolder(lockPath: string): Promise<Holder | undefined> {
  try {
    const [raw, info] = await Promise.all([readFile(lockPath, "utf8"), stat(lockPath)]);
    let owner: LockOwner | undefined;
    try {
      owner = JSON.parse(raw) as LockOwner;
    } catch {
      owner = undefined;
    }
    return { owner, mtimeMs: info.mtimeMs, raw };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function isStale(holder: Holder, staleAfterMs: number): boolean {
  const age = Date.now() - holder.mtimeMs;
  if (!holder.owner) return age > UNWRITTEN_GRACE_MS;
  if (age > staleAfterMs) return true;
  if (holder.owner.host !== os.hostname()) return false;
  if (holder.owner.pid === process.pid) return !HELD.has(holder.owner.token);
  return !isAlive(holder.owner.pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// Breakers take a second O_EXCL file and re-read the lock under it, so two
// processes that both saw the same stale lock never delete a fresh one.
async function breakStale(lockPath: string, seen: Holder): Promise<void> {
  const breaker = `${lockPath}.break`;
  let handle;
  try {
    handle = await open(breaker, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const info = await stat(breaker).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > UNWRITTEN_GRACE_MS) await rm(breaker, { force: true });
    await sleep(50);
    return;
  }
  try {
    const now = await readHolder(lockPath);
    if (now && now.raw === seen.raw) await rm(lockPath, { force: true });
  } finally {
    await handle.close();
    await rm(breaker, { force: true });
  }
}

function hold(lockPath: string, owner: LockOwner, heartbeatMs: number, logger: Logger | undefined): BackupLock {
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(lockPath, now, now).catch((error: unknown) => logger?.warn("cannot refresh the backup lock", { error: String(error) }));
  }, heartbeatMs);
  heartbeat.unref();
  let released = false;
  return {
    owner,
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      HELD.delete(owner.token);
      const current = await readHolder(lockPath).catch(() => undefined);
      if (current?.owner?.token === owner.token) {
        await rm(lockPath, { force: true }).catch((error: unknown) => logger?.warn("cannot remove the backup lock", { error: String(error) }));
      } else {
        logger?.warn("the backup lock was taken over while held; leaving the new holder's lock in place", { lockPath });
      }
    },
  };
}

function describeHolder(owner: LockOwner | undefined): string {
  return owner ? `pid ${owner.pid} on ${owner.host} (${owner.command}, since ${owner.startedAt})` : "a process that is still writing it";
}

function heldError(lockPath: string, owner: LockOwner | undefined): LockHeldError {
  const who = describeHolder(owner);
  return new LockHeldError(
    `another backup run holds ${lockPath}: ${who}; retry when it has finished (or raise BACKUP_LOCK_TIMEOUT_MS / --lock-timeout to wait)`,
    { context: { lockPath, holder: owner } },
  );
}
