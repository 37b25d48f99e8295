#!/usr/bin/env node
import { installSignalHandlers } from "@netraven/runtime";

import { runBackupCli } from "./cli/program.js";

// Entry of `netraven-backup`. SIGINT/SIGTERM abort the running work (pg_dump
// is terminated and its files removed); a second signal exits 130 at once.
// The runtime's handlers, installed here so the "stopping" line goes through
// the command's logger (one JSON object per line with LOG_FORMAT=json).
const controller = new AbortController();
installSignalHandlers(controller, () => undefined);

void runBackupCli({ handleSignals: false, signal: controller.signal }).then((code) => {
  process.exitCode = code;
});
