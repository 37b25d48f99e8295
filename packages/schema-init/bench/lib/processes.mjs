// Whole-process timing for the benchmarks: wall time from spawn to exit.
import { spawn } from "node:child_process";
import path from "node:path";

/** Runs a command to its end; rejects on a non-zero exit (a failed run must not count as a fast one). */
export function timeProcess(command, args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const elapsed = performance.now() - started;
      if (code !== 0) reject(new Error(`${path.basename(command)} ${args.slice(0, 4).join(" ")} ... exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ elapsed, stdout, stderr, endedAt: performance.now() });
    });
  });
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
