import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import { EmbeddedPostgresInUseError } from "./errors.js";
import { isAlive, processName, waitForExit } from "./process-facts.js";

/** The file next to the data directory that names the process owning its server. */
export function ownerFile(dataDir: string): string {
  return path.join(path.dirname(path.resolve(dataDir)), `${path.basename(dataDir)}.owner-pid`);
}

/** Records this process as the owner of the server on `dataDir`. */
export async function recordOwner(dataDir: string): Promise<void> {
  await writeFile(ownerFile(dataDir), `${process.pid}\n`);
}

async function readPid(file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(file, "utf8")).split("\n")[0] ?? "", 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes `dataDir` startable after an earlier run died without stopping its
 * server (SIGKILL, OOM, a crash). Stopping the leftover is safe: an embedded
 * server is private to one program, and a fast shutdown loses no committed data.
 * - `postmaster.pid` names a dead process (or one that is not PostgreSQL: the
 *   pid was reused): the file is stale and removed.
 * - it names a live PostgreSQL whose owner program is gone: that server is
 *   stopped (SIGINT = fast shutdown, then SIGQUIT).
 * - its owner is still running: EmbeddedPostgresInUseError naming both pids.
 */
export async function clearStaleServer(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  const lines = await readFile(pidFile, "utf8").then((text) => text.split("\n"), () => undefined);
  if (!lines) return;
  const pid = Number.parseInt(lines[0] ?? "", 10);
  const name = Number.isInteger(pid) && pid > 0 && isAlive(pid) ? ((await processName(pid)) ?? "unknown") : undefined;
  if (name === "unknown") {
    // No /proc (macOS): the process cannot be told apart from an unrelated one that reused the pid.
    throw new EmbeddedPostgresInUseError(
      `${pidFile} names process ${pid}, which is running: if it is a PostgreSQL server left by an earlier run, stop it with \`kill -INT ${pid}\`; if it is another program, delete ${pidFile}. Then start again.`,
      { context: { dataDir, pid } },
    );
  }
  if (name !== "postgres") {
    log(`Removing stale ${pidFile} (process ${lines[0]} is not a running PostgreSQL).`);
    await rm(pidFile, { force: true });
    return;
  }
  const owner = await readPid(ownerFile(dataDir));
  if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
    throw new EmbeddedPostgresInUseError(
      `The embedded PostgreSQL data directory ${dataDir} is in use by server process ${pid}, started by process ${owner}, which is still running: stop that program first (or, if it is not a NetRaven program, stop the server with \`kill -INT ${pid}\`).`,
      { context: { dataDir, pid, owner } },
    );
  }
  log(`Stopping the PostgreSQL server (pid ${pid}) an earlier run left on ${dataDir}.`);
  process.kill(pid, "SIGINT");
  if (await waitForExit(pid, 15_000)) return;
  process.kill(pid, "SIGQUIT");
  if (await waitForExit(pid, 5_000)) return;
  throw new EmbeddedPostgresInUseError(`The PostgreSQL server (pid ${pid}) left on ${dataDir} did not stop: stop it with \`kill -9 ${pid}\` and start again.`, {
    context: { dataDir, pid },
  });
}
