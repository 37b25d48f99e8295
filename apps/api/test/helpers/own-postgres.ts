import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

import { findFreePort, startEmbeddedPostgres } from "@netraven/runtime/embedded-postgres";
import { execa } from "execa";

/** A PostgreSQL server this test owns, so it may restart it (the shared test server must not be touched). */
export interface OwnPostgres {
  url: string;
  /** `pg_ctl restart -m fast`: terminates every connection, shuts down, starts again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

// pg_ctl from the same embedded-postgres binaries that run the server.
function pgCtlPath(): string {
  const require = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const platform = `@embedded-postgres/${process.platform}-${process.arch === "x64" ? "x64" : process.arch}`;
  return path.join(path.dirname(require.resolve(platform)), "..", "native", "bin", "pg_ctl");
}

/** Starts a fresh embedded cluster; as root it runs as the `postgres` user, and so must pg_ctl. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const root = await mkdtemp(path.join(os.tmpdir(), "netraven-own-pg-"));
  await chmod(root, 0o755);
  const dataDir = path.join(root, "data");
  const server = await startEmbeddedPostgres({ dataDir, port: await findFreePort(), ephemeral: true });
  const pgCtl = pgCtlPath();
  const asServerUser = (args: string[]) => (process.getuid?.() === 0 ? execa("runuser", ["-u", "postgres", "--", pgCtl, ...args]) : execa(pgCtl, args));
  let restarted = false;
  return {
    url: server.url,
    async restart() {
      await asServerUser(["restart", "-m", "fast", "-w", "-t", "30", "-D", dataDir, "-l", path.join(dataDir, "restart.log")]);
      restarted = true;
    },
    async stop() {
      // After a restart the server is pg_ctl's, no longer embedded-postgres's child (whose stop would wait for it forever).
      if (restarted) await asServerUser(["stop", "-m", "fast", "-w", "-D", dataDir]);
      else await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
