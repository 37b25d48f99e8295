import os from "node:os";
import { fileURLToPath } from "node:url";

import { execa } from "execa";

/** The built start entry, as operators and the Docker image run it. */
export const START = fileURLToPath(new URL("../../dist/start.js", import.meta.url));

/** A minimal environment for the entry: nothing from the test runner leaks in (no DATABASE_URL by accident). */
export function startEnv(extra: Record<string, string>): Record<string, string> {
  // Metrics on a free port: test files run side by side, and the default 9464 can be taken only once.
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? os.tmpdir(), LOG_FORMAT: "json", NETRAVEN_METRICS_PORT: "0", ...extra };
}

/** Runs `node dist/start.js ...args` to its end. */
export function runStart(env: Record<string, string>, args: string[] = []) {
  return execa("node", [START, ...args], { env: startEnv(env), extendEnv: false, reject: false, timeout: 60_000 });
}

/** The JSON log lines (log format v1) among stderr's lines. */
export function jsonLogLines(stderr: string): Record<string, unknown>[] {
  return stderr
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
