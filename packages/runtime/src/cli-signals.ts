import { InterruptedError } from "./errors.js";
import { EXIT_CODES } from "./exit-codes.js";

/**
 * SIGINT/SIGTERM: the first aborts `controller` with an InterruptedError so
 * the command can clean up (release a lock, stop pg_dump, close connections);
 * a second exits 130 at once. Returns the function that removes the handlers.
 */
export function installSignalHandlers(controller: AbortController, onFirst: (signal: NodeJS.Signals) => void): () => void {
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT_CODES.INTERRUPTED);
    onFirst(signal);
    controller.abort(new InterruptedError(`interrupted by ${signal}`, { context: { signal } }));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}

const guarded = new WeakSet<object>();

/**
 * `... | head` closes the pipe early: that is the reader being done, not a
 * reason to crash or to abandon a migration or dump half-way. EPIPE and
 * ERR_STREAM_DESTROYED on these streams are ignored (output is dropped);
 * other stream errors still throw.
 */
export function ignoreBrokenPipes(...streams: unknown[]): void {
  for (const stream of streams) {
    const emitter = stream as NodeJS.EventEmitter | undefined;
    if (!emitter || typeof emitter.on !== "function" || guarded.has(emitter)) continue;
    guarded.add(emitter);
    emitter.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
    });
  }
}
