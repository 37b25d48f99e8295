import { sizeOf } from "../store/checksum.js";

/** A progress sample of a running step. */
export interface Progress {
  /** What is running: `dump`, `globals`, `restore` or `read` (verify's full read). */
  phase: "dump" | "globals" | "restore" | "read";
  /** Bytes written (dump) or processed so far. */
  bytes: number;
  elapsedMs: number;
  /** Average since the start of the phase. */
  bytesPerSecond: number;
  /** True on the last sample of the phase. */
  done: boolean;
}

/** Options for {@link watchProgress}. */
export interface WatchProgressOptions {
  phase: Progress["phase"];
  /** A file or directory whose size is the progress; or a function that reports bytes. */
  measure: string | (() => number);
  onProgress: (progress: Progress) => void;
  /** @default 1000 */
  intervalMs?: number;
}

/**
 * Samples the size of a growing file or directory on a timer (pg_dump
 * reports no progress of its own) until `stop()` emits the final sample.
 */
export function watchProgress(options: WatchProgressOptions): { stop(): Promise<void> } {
  const started = performance.now();
  const measure = async () => (typeof options.measure === "string" ? sizeOf(options.measure) : options.measure());
  const emit = async (done: boolean) => {
    const bytes = await measure();
    const elapsedMs = Math.round(performance.now() - started);
    options.onProgress({ phase: options.phase, bytes, elapsedMs, bytesPerSecond: elapsedMs > 0 ? Math.round((bytes * 1000) / elapsedMs) : 0, done });
  };
  let pending: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    pending = pending.then(() => emit(false)).catch(() => undefined);
  }, options.intervalMs ?? 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await pending;
      await emit(true).catch(() => undefined);
    },
  };
}
