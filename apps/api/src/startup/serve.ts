import type { LogFormat } from "@netraven/runtime";
import { EXIT_CODES } from "@netraven/runtime";

import { loadConfig } from "../config.js";
import { API_EXIT_CODES } from "../exit-codes.js";
import { createLogger } from "../logger.js";
import { describeFirstRunAdmin } from "./first-run-password.js";
import type { StartedApi } from "./start-api.js";

/** Options for {@link serve}. */
export interface ServeOptions {
  /** The CLI runner's signal: aborted by the first SIGTERM/SIGINT (a second one exits 130 at once). */
  signal: AbortSignal;
  /** Where the URL and the first-run notes go (logs go to stderr). */
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  /** Literal secrets the runner cuts out of a reported error. */
  addSecrets(...secrets: (string | undefined)[]): void;
  /** Hands the runner the logger, so its "received SIGTERM" line is a log line in LOG_FORMAT. */
  useLogger(logger: { warn(msg: string, ctx?: Record<string, unknown>): void }, options?: { format?: LogFormat }): void;
}

/**
 * The start entry's body: start everything, serve until a signal (or a fatal
 * error), then shut down gracefully. Readiness fails first, the server drains
 * (still listening, new requests 503) until requests in flight end, then
 * closes, then the pool closes and embedded PostgreSQL stops. Resolves to the
 * exit code; start-up failures are thrown for the runner to report.
 */
export async function serve(options: ServeOptions): Promise<number> {
  const config = loadConfig();
  // Loaded only now: a bad setting (78) is reported without first loading Fastify and the routes.
  const { startApi } = await import("./start-api.js");
  options.addSecrets(urlPassword(config.DATABASE_URL), config.ADMIN_PASSWORD, config.JWT_SECRET);
  const format = config.LOG_FORMAT ?? (config.NODE_ENV === "production" ? "json" : "pretty");
  const logger = createLogger({ level: config.LOG_LEVEL, format });
  // With json (production's default) a start-up failure is reported as a JSON line too.
  options.useLogger({ warn: (msg, ctx) => logger.warn(ctx ?? {}, msg) }, { format });

  // An uncaught error while serving shuts down as gracefully as a signal does, then exits 1.
  const fatal = new AbortController();
  const onFatal = (error: unknown) => {
    logger.error({ err: error }, "fatal error, shutting down");
    fatal.abort(error);
  };
  process.on("uncaughtException", onFatal);
  process.on("unhandledRejection", onFatal);
  const stop = AbortSignal.any([options.signal, fatal.signal]);
  const cleanup: (() => Promise<void>)[] = [];
  const runCleanup = async () => {
    for (const step of cleanup.splice(0).reverse()) {
      await step().catch((error: unknown) => logger.error({ err: error }, "cleanup step failed"));
    }
  };

  try {
    let started: StartedApi;
    try {
      started = await startApi({ config, logger, cwd: process.cwd(), signal: stop, onCleanup: (step) => cleanup.push(step) });
    } catch (error) {
      await runCleanup();
      throw error;
    }
    options.stdout.write(banner(started, options.stdout.isTTY === true));
    if (!stop.aborted) await new Promise((resolve) => stop.addEventListener("abort", resolve, { once: true }));

    const signalName = (options.signal.reason as { context?: { signal?: string } } | undefined)?.context?.signal;
    logger.info(signalName ? { signal: signalName } : {}, "shutting down");
    // The one hard stop: past the limit the process exits 80 with requests still in flight (documented in --help).
    const limit = setTimeout(() => {
      logger.error({ limitMs: config.NETRAVEN_SHUTDOWN_TIMEOUT_MS }, "graceful shutdown overran NETRAVEN_SHUTDOWN_TIMEOUT_MS: exiting");
      process.exit(API_EXIT_CODES.SHUTDOWN_TIMEOUT);
    }, config.NETRAVEN_SHUTDOWN_TIMEOUT_MS);
    limit.unref();
    started.app.netraven.readiness.markShuttingDown();
    // Drain while still listening (new requests: 503 + Connection: close), then close; keep a third of the limit for cleanup.
    await started.app.netraven.drain.drain({ lingerMs: config.NETRAVEN_SHUTDOWN_DRAIN_MS, timeoutMs: Math.floor((config.NETRAVEN_SHUTDOWN_TIMEOUT_MS * 2) / 3) });
    await started.app.netraven.drain.stopListening(250);
    await runCleanup();
    clearTimeout(limit);
    logger.info("stopped");
    return fatal.signal.aborted ? EXIT_CODES.INTERNAL : EXIT_CODES.OK;
  } finally {
    process.off("uncaughtException", onFatal);
    process.off("unhandledRejection", onFatal);
  }
}

// Told once on stdout, not logged: the URL, and where the first-run admin password is.
function banner(started: StartedApi, stdoutIsTty: boolean): string {
  const lines = ["", `NetRaven API: ${started.url}  (docs: ${started.url}/docs, OpenAPI: ${started.url}/openapi.json)`];
  if (started.admin) lines.push(...describeFirstRunAdmin(started.admin, stdoutIsTty));
  if (started.generatedSecretsFile) lines.push(`Development secrets generated in ${started.generatedSecretsFile} (keep it; never use it in production).`);
  return `${lines.join("\n")}\n\n`;
}

function urlPassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
