#!/usr/bin/env node
import { runBackupCli } from "./cli/program.js";

// Entry of `netraven-backup`. SIGINT/SIGTERM abort the running work (pg_dump
// is terminated and its files removed); a second signal exits 130 at once.
void runBackupCli().then((code) => {
  process.exitCode = code;
});
