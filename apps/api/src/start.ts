// `node dist/start.js` (= `pnpm start` at the repo root): the one command
// that runs NetRaven. Takes no command or argument, only --help, --version
// (and --json for a machine-readable error); exit codes: --help.
import { runCli } from "@netraven/runtime";

import { API_EXIT_CODE_ROWS } from "./exit-codes.js";
import { ENV_HELP } from "./startup/env-help.js";
import { API_VERSION } from "./version.js";

runCli({
  name: "netraven-api",
  version: API_VERSION,
  description: "Run the NetRaven API: embedded PostgreSQL when DATABASE_URL is unset, schema-init, then HTTP on HOST:PORT until SIGTERM/SIGINT.",
  exitCodeRows: API_EXIT_CODE_ROWS,
  envHelp: ENV_HELP,
  configure(program, run) {
    // No arguments declared: commander turns anything extra into a short usage error (64), never a boot.
    // serve() and the server behind it load only when the command line is valid: --help and usage errors stay quick.
    program.action(
      run(async (ctx) => {
        const { serve } = await import("./startup/serve.js");
        return serve({ signal: ctx.signal, stdout: process.stdout, addSecrets: ctx.addSecrets, useLogger: ctx.useLogger });
      }),
    );
  },
}).then((code) => {
  process.exitCode = code;
});
