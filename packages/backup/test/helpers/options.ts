import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll } from "vitest";

import type { Logger } from "@netraven/runtime";

/** Client-discovery settings as the CLI would derive them from this environment. */
export const PG_OPTIONS = {
  pgBin: process.env.PG_BIN || undefined,
  searchPath: process.env.PATH ?? "",
  childEnv: { PATH: process.env.PATH ?? "" },
};

/** A logger that keeps every line, so tests can assert on (and against) what was logged. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (msg: string, ctx?: Record<string, unknown>) => lines.push(`${level} ${msg} ${ctx ? JSON.stringify(ctx) : ""}`);
  const logger: Logger & { lines: string[] } = { lines, info: push("info"), warn: push("warn"), error: push("error"), debug: push("debug"), child: () => logger };
  return logger;
}

// Registered when a test file imports this module (each file gets its own
// copy), so directories made inside tests are removed too: a hook registered
// from inside a running test would never fire.
const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh temporary directory, removed after the file's tests. */
export async function tempDir(prefix = "nrb-"): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
