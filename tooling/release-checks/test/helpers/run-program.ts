import { execa } from "execa";

import type { ProgramUnderTest } from "./programs.js";
import { entryPath } from "./programs.js";

/** What one run of a program left behind. */
export interface ProgramRun {
  /** Exit code; undefined when it was killed (see `killedAfterMs`). */
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  elapsedMs: number;
  /** Set when the run did not end by itself within the limit and was killed. */
  killedAfterMs?: number;
}

/** Options for {@link runProgram}. */
export interface RunProgramOptions {
  args: string[];
  /** The whole environment of the child: nothing is inherited from the test process (its DATABASE_URL, LOG_LEVEL...). */
  env: Record<string, string>;
  cwd: string;
  /** Kill the child (SIGKILL) when it runs longer than this. */
  limitMs: number;
}

/** Runs a program's built entry with `node` as a real child process; never rejects. */
export async function runProgram(program: ProgramUnderTest, options: RunProgramOptions): Promise<ProgramRun> {
  const started = Date.now();
  const result = await execa(process.execPath, [entryPath(program), ...options.args], {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    timeout: options.limitMs,
    killSignal: "SIGKILL",
  });
  const elapsedMs = Date.now() - started;
  return {
    exitCode: result.timedOut ? undefined : result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    elapsedMs,
    ...(result.timedOut ? { killedAfterMs: options.limitMs } : {}),
  };
}

/** The variables every child gets: enough to find tools, no colours, a fixed time zone. */
export function baseEnv(home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, NO_COLOR: "1", TZ: "UTC" };
}
