#!/usr/bin/env node
import { runCli } from "./cli/program.js";

// `... | head` closes the pipe early: that is the reader being done, not a
// reason to crash or to abandon a migration or dump half-way. Output is dropped.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  });
}

// Entry of `netraven-backup`. SIGINT/SIGTERM abort the running work (pg_dump
// is terminated and its files removed); a second signal exits at once.
const controller = new AbortController();
let signals = 0;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    signals += 1;
    if (signals > 1) process.exit(130);
    controller.abort(signal);
  });
}

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: controller.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`fatal: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
