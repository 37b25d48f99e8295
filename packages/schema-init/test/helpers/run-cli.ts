import { fileURLToPath } from "node:url";

import { execa } from "execa";

/** Path of the built CLI: end-to-end tests run what ships. */
export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

/** Result of one CLI run. */
export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Runs `schema-init` with only the given environment (plus PATH), never rejecting on a non-zero exit. */
export async function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const started = Date.now();
  const result = await execa(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    extendEnv: false,
    reject: false,
    timeout: 120_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr, durationMs: Date.now() - started };
}
