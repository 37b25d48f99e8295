import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

import pg from "pg";

const CHILD = fileURLToPath(new URL("./up-child.mjs", import.meta.url));

/** An `up` running in its own process. */
export interface UpProcess {
  child: ChildProcess;
  /** Resolves with the exit code, or the signal name when killed. */
  exited: Promise<number | string>;
  stderr(): string;
}

/** Starts `up` (library entry, no seed unless asked) in a child process. */
export function startUp(databaseUrl: string, migrationsDir: string, options: { seed?: boolean } = {}): UpProcess {
  const child = spawn(process.execPath, [CHILD], {
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl, MIGRATIONS_DIR: migrationsDir, SEED: options.seed ? "1" : "0" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, "exit").then(([code, signal]) => (signal as string | null) ?? (code as number));
  return { child, exited, stderr: () => stderr };
}

/** Polls `sql` (one row, column `ok`) on a separate session until it is true, or fails after `timeoutMs`. */
export async function waitFor(url: string, sql: string, what: string, up: UpProcess, timeoutMs = 20_000): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ ok: boolean }>(sql);
      if (rows[0]?.ok) return;
      if (up.child.exitCode !== null) throw new Error(`up exited (${up.child.exitCode}) before ${what}: ${up.stderr()}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}

/** SIGKILLs the child (no handler runs, no lock is released by it) and waits until it is gone. */
export async function killHard(up: UpProcess): Promise<void> {
  up.child.kill("SIGKILL");
  await up.exited;
}
