import path from "node:path";

import { repoRoot } from "./paths.js";

/** Folders a program may write to during one run (created by the caller). */
export interface ProgramDirs {
  /** netraven-backup's BACKUP_DIR. */
  backupDir: string;
  /** The API's NETRAVEN_STATE_DIR (generated development secrets). */
  stateDir: string;
}

/** One NetRaven program, as the fault table runs it: a real `node` child process of its built entry. */
export interface ProgramUnderTest {
  /** The prefix of its error lines (`<name>: error: ...`) and of its usage lines. */
  name: string;
  /** Entry file, relative to the repository root. */
  entry: string;
  /** Arguments of the command that connects to DATABASE_URL. */
  connectArgs: string[];
  /** Takes `--json` (prints the runtime's versioned error object on stdout). */
  json: boolean;
  /** The variable that bounds the wait for PostgreSQL, in milliseconds; the 69 message must name it. */
  waitVariable: string;
  /** A shared-spelling boolean it reads (for the `flase` row). */
  booleanVariable: string;
  /** What turns off creating a missing database, for programs that would create it. */
  noCreateDatabase: Record<string, string>;
  /** What it needs besides DATABASE_URL to get as far as connecting (folders, ports, tools). */
  env(dirs: ProgramDirs): Record<string, string>;
}

const PG_BIN = "/usr/lib/postgresql/15/bin";

/**
 * The programs of the fault table. Adding one is one entry here. Names and
 * variables are the ones each program documents (`--help`, its docs page).
 */
export const PROGRAMS: readonly ProgramUnderTest[] = [
  {
    name: "schema-init",
    entry: "packages/schema-init/dist/cli.js",
    connectArgs: ["up"],
    json: true,
    waitVariable: "SCHEMA_INIT_WAIT_TIMEOUT_MS",
    booleanVariable: "SCHEMA_INIT_SEED",
    noCreateDatabase: { SCHEMA_INIT_CREATE_DATABASE: "false" },
    env: () => ({}),
  },
  {
    name: "netraven-backup",
    entry: "packages/backup/dist/cli.js",
    connectArgs: ["create"],
    json: true,
    waitVariable: "BACKUP_WAIT_TIMEOUT_MS",
    booleanVariable: "BACKUP_GLOBALS",
    noCreateDatabase: {},
    env: (dirs) => ({ BACKUP_DIR: dirs.backupDir, PG_BIN }),
  },
  {
    name: "netraven-api",
    entry: "apps/api/dist/start.js",
    connectArgs: [],
    json: false,
    waitVariable: "SCHEMA_INIT_WAIT_TIMEOUT_MS",
    booleanVariable: "SKIP_SCHEMA_INIT",
    // The API runs schema-init at start, which would create the database.
    noCreateDatabase: { SCHEMA_INIT_CREATE_DATABASE: "false" },
    env: (dirs) => ({ NODE_ENV: "development", HOST: "127.0.0.1", PORT: "0", NETRAVEN_METRICS_PORT: "off", NETRAVEN_STATE_DIR: dirs.stateDir }),
  },
];

/** Absolute path of a program's entry. */
export function entryPath(program: ProgramUnderTest): string {
  return path.join(repoRoot, program.entry);
}
