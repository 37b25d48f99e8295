#!/usr/bin/env node
import { Option } from "commander";
import { runCli } from "@netraven/runtime";

import { registerPlan } from "./commands/plan.js";
import { registerResolve } from "./commands/resolve.js";
import { registerStatus } from "./commands/status.js";
import { registerUp } from "./commands/up.js";
import { registerValidate } from "./commands/validate.js";
import { SCHEMA_INIT_EXIT_CODE_ROWS } from "./exit-codes.js";
import { schemaInitVersion } from "./version.js";

const ENVIRONMENT_HELP = `Environment:
  DATABASE_URL                  postgresql://USER:PASSWORD@HOST:5432/DATABASE (required; direct, not through a transaction pooler)
  DATABASE_SCHEMA               schema holding the tables, lower case (default public)
  SCHEMA_INIT_WAIT_TIMEOUT_MS   deadline for the database, in ms (default 60000)
  SCHEMA_INIT_LOCK_TIMEOUT_MS   deadline for another run's lock, in ms (default 300000)
  SCHEMA_INIT_LOCK_MODE         wait | fail (default wait)
  SCHEMA_INIT_MIGRATIONS_DIR    migrations to apply (default: the ones shipped with @netraven/db-schema)
  SCHEMA_INIT_MANIFEST          schema manifest to validate against (default: the shipped one)
  SCHEMA_INIT_CREATE_DATABASE   create a missing database: true|false|1|0|yes|no|on|off (default true)
  SCHEMA_INIT_SEED              seed defaults: true|false|1|0|yes|no|on|off (default true)
  ADMIN_USERNAME, ADMIN_EMAIL   first admin (default admin, admin@netraven.local)
  ADMIN_PASSWORD[_FILE]         first admin's password (else generated and printed once on stdout)
  LOG_LEVEL                     debug | info | warn | error (default info)
  LOG_FORMAT                    text | pretty | json (default text); logs go to stderr, results to stdout`;

void runCli({
  name: "schema-init",
  version: schemaInitVersion(),
  description: "Bring a PostgreSQL database to the NetRaven schema: wait, lock, migrate, validate, seed.",
  exitCodeRows: SCHEMA_INIT_EXIT_CODE_ROWS,
  envHelp: ENVIRONMENT_HELP,
  configure(program, run) {
    program
      .option("--schema <name>", "schema holding the tables (DATABASE_SCHEMA)")
      .option("--wait-timeout <ms>", "give up waiting for the database after <ms> (SCHEMA_INIT_WAIT_TIMEOUT_MS)")
      .option("--lock-timeout <ms>", "give up waiting for the schema lock after <ms> (SCHEMA_INIT_LOCK_TIMEOUT_MS)")
      .addOption(new Option("--lock-mode <mode>", "wait for another run's lock, or fail at once (SCHEMA_INIT_LOCK_MODE)").choices(["wait", "fail"]))
      .option("--migrations-dir <dir>", "directory of <name>/migration.sql folders (SCHEMA_INIT_MIGRATIONS_DIR)")
      .option("--manifest <file>", "schema manifest to validate against; give one matching --migrations-dir (SCHEMA_INIT_MANIFEST)")
      .addOption(new Option("--log-format <format>", "log lines on stderr (LOG_FORMAT)").choices(["text", "pretty", "json"]))
      .option("--verbose", "debug logging (LOG_LEVEL=debug)");
    for (const register of [registerUp, registerStatus, registerValidate, registerPlan, registerResolve]) register(program, run);
  },
}).then((code) => {
  process.exitCode = code;
});
