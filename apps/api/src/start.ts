// `node dist/start.js` (= `pnpm start` at the repo root): the one command
// that runs NetRaven. Exit codes: see exit-codes.ts.
import closeWithGrace from "close-with-grace";

import { loadConfig } from "./config.js";
import { EXIT_CODE_TABLE, exitCodeFor } from "./exit-codes.js";
import { createLogger } from "./logger.js";
import { startApi } from "./startup/start-api.js";
import type { StartedApi } from "./startup/start-api.js";

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return exitCodeFor(error);
  }
  const production = config.NODE_ENV === "production";
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: (config.LOG_FORMAT ?? (production ? "json" : "pretty")) === "pretty" });
  const cleanup: (() => Promise<void>)[] = [];
  const abort = new AbortController();
  let started: StartedApi | undefined;

  const runCleanup = async () => {
    for (const step of cleanup.splice(0).reverse()) {
      await step().catch((error: unknown) => logger.error({ err: error }, "cleanup step failed"));
    }
  };
  // Readiness fails first, then the server drains (still listening, new
  // requests 503) until in-flight requests end, then closes, then the pool
  // closes and embedded PostgreSQL stops; past the limit we exit 1.
  const grace = closeWithGrace(
    { delay: config.NETRAVEN_SHUTDOWN_TIMEOUT_MS, logger: { error: (message: unknown) => logger.error(String(message)) } },
    async ({ signal, err }) => {
      if (err) logger.error({ err }, "fatal error, shutting down");
      else logger.info({ signal }, "shutting down");
      abort.abort();
      started?.app.netraven.readiness.markShuttingDown();
      // Drain while still listening (new requests: 503 + Connection: close), then close; keep a third of the limit for cleanup.
      await started?.app.netraven.drain.drain({ lingerMs: config.NETRAVEN_SHUTDOWN_DRAIN_MS, timeoutMs: Math.floor((config.NETRAVEN_SHUTDOWN_TIMEOUT_MS * 2) / 3) });
      await started?.app.netraven.drain.stopListening(250);
      await runCleanup();
      logger.info("stopped");
      logger.flush();
    },
  );

  try {
    started = await startApi({ config, logger, cwd: process.cwd(), signal: abort.signal, onCleanup: (step) => cleanup.push(step) });
  } catch (error) {
    grace.uninstall();
    logger.error({ err: error }, "start-up failed");
    process.stderr.write(`\nNetRaven could not start: ${(error as Error).message}\nExit codes:\n${EXIT_CODE_TABLE}\n`);
    await runCleanup();
    return exitCodeFor(error);
  }
  printBanner(started);
  return 0;
}

// Shown on the terminal, not logged: the one-time admin password must not end
// up in log collectors.
function printBanner(started: StartedApi): void {
  const lines = ["", `NetRaven API: ${started.url}  (docs: ${started.url}/docs, OpenAPI: ${started.url}/openapi.json)`];
  if (started.admin) {
    lines.push(`First run: log in as "${started.admin.username}" with password: ${started.admin.password}`, "This password is shown only once; change it after logging in.");
  }
  if (started.generatedSecretsFile) lines.push(`Development secrets generated in ${started.generatedSecretsFile} (keep it; never use it in production).`);
  process.stdout.write(`${lines.join("\n")}\n\n`);
}

main().then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
