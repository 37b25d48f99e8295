import { fileURLToPath } from "node:url";

import type { ResultPromise } from "execa";
import { execa } from "execa";

/** The built bin, run the way users run it. */
export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

/** Runs `netraven-backup` with exactly this environment (plus PATH); never rejects. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  options: { detached?: boolean; cwd?: string } = {},
): ResultPromise<{ reject: false; extendEnv: false; env: Record<string, string>; detached: boolean; cwd?: string }> {
  const clean = Object.fromEntries(Object.entries({ PATH: process.env.PATH, ...env }).filter((e): e is [string, string] => e[1] !== undefined));
  return execa(process.execPath, [CLI, ...args], { reject: false, extendEnv: false, env: clean, detached: options.detached ?? false, ...(options.cwd ? { cwd: options.cwd } : {}) });
}

/** Resolves once the running CLI has written a stderr line matching `pattern`. */
export function waitForStderr(run: { stderr: NodeJS.ReadableStream | null }, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`no stderr line matched ${pattern} in 30 s; got: ${seen}`)), 30_000);
    run.stderr?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}
