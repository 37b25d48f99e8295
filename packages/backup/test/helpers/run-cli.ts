import { fileURLToPath } from "node:url";

import type { ResultPromise } from "execa";
import { execa } from "execa";

/** The built bin, run the way users run it. */
export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

/** Runs `netraven-backup` with exactly this environment (plus PATH); never rejects. */
export function runCli(args: string[], env: Record<string, string | undefined>, options: { detached?: boolean } = {}): ResultPromise<{ reject: false; extendEnv: false; env: Record<string, string>; detached: boolean }> {
  const clean = Object.fromEntries(Object.entries({ PATH: process.env.PATH, ...env }).filter((e): e is [string, string] => e[1] !== undefined));
  return execa(process.execPath, [CLI, ...args], { reject: false, extendEnv: false, env: clean, detached: options.detached ?? false });
}
