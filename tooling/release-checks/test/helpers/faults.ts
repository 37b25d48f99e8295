import {
  ConfigError,
  DATABASE_URL_SHAPE,
  DatabaseAccessDeniedError,
  DatabaseNotFoundError,
  DatabaseUnreachableError,
  displayDatabaseUrl,
  envBoolean,
  envIdentifier,
  envLogFormat,
  envLogLevel,
  EXIT_CODES,
  UsageError,
} from "@netraven/runtime";

import type { ProgramUnderTest } from "./programs.js";

/** The real targets the faults point at (see fault-table.test.ts). */
export interface FaultTargets {
  /** A migrated database the programs could use: a fault that is ignored shows as a run that succeeds. */
  goodUrl: string;
  /** A role that exists, with a password that is not its own. */
  wrongPassword: { url: string; user: string; secrets: string[] };
  /** A database that does not exist on the real server. */
  missingDatabase: { url: string; name: string };
  /** 127.0.0.1 on a port nothing listens on. */
  downUrl: string;
  /** A host name that cannot resolve (`.invalid`, RFC 2606). */
  unreachableUrl: string;
  /** Passwords in the down and unreachable URLs. */
  urlSecrets: string[];
}

/** How a fault must end, the same for every program. */
export interface Fault {
  id: string;
  exitCode: number;
  /** `error.code` of the --json error object: the runtime's code for the cause. */
  code: string;
  retryable: boolean;
  /** "error": one `<name>: error: <message>` line; "usage": the runner's one short line pointing at --help. */
  shape: "error" | "usage";
  /**
   * "waits": the wait deadline is short and the run must stay quiet while it
   * waits; "at-once": the deadline is long and the run must end long before it.
   */
  timing: "waits" | "at-once";
  /** Arguments instead of the program's connecting command. */
  args?: (program: ProgramUnderTest) => string[];
  env: (targets: FaultTargets, program: ProgramUnderTest) => Record<string, string>;
  /** Texts the error message (from the error line on) must contain. */
  mentions: (targets: FaultTargets, program: ProgramUnderTest) => string[];
  /** Values that must appear in no output at all. */
  secrets: (targets: FaultTargets) => string[];
}

// The runtime's own message for a bad value of a shared variable: every program must say exactly this.
function runtimeMessage(schema: { safeParse(value: unknown): { error?: { issues: { message: string }[] } } }, value: string): string {
  const message = schema.safeParse(value).error?.issues[0]?.message;
  if (!message) throw new Error(`the runtime accepts ${JSON.stringify(value)}: the fault table needs a value it rejects`);
  return message;
}

const CONFIG = { exitCode: EXIT_CODES.CONFIG, code: new ConfigError("").code, retryable: false, shape: "error", timing: "at-once" } as const;

function malformedUrl(id: string, value: string, secrets: string[]): Fault {
  return {
    ...CONFIG,
    id: `malformed DATABASE_URL (${id})`,
    env: () => ({ DATABASE_URL: value }),
    mentions: () => ["DATABASE_URL", DATABASE_URL_SHAPE],
    secrets: () => secrets,
  };
}

function misspelled(name: string, variable: (program: ProgramUnderTest) => string, value: string, message: string): Fault {
  return {
    ...CONFIG,
    id: `misspelled ${name}=${value}`,
    env: (targets, program) => ({ DATABASE_URL: targets.goodUrl, [variable(program)]: value }),
    mentions: (_targets, program) => [variable(program), message],
    secrets: () => [],
  };
}

const unreachable = { exitCode: EXIT_CODES.UNAVAILABLE, code: new DatabaseUnreachableError("").code, retryable: true, shape: "error", timing: "waits" } as const;

/** The faults, one line each: every program must end each of them the same way. */
export const FAULTS: readonly Fault[] = [
  {
    ...unreachable,
    id: "database down (nothing listens on the port)",
    env: (t) => ({ DATABASE_URL: t.downUrl }),
    mentions: (t, p) => ["did not accept connections", displayDatabaseUrl(t.downUrl), p.waitVariable],
    secrets: (t) => t.urlSecrets,
  },
  {
    ...unreachable,
    id: "unreachable host (name does not resolve)",
    env: (t) => ({ DATABASE_URL: t.unreachableUrl }),
    mentions: (t, p) => ["did not accept connections", displayDatabaseUrl(t.unreachableUrl), p.waitVariable],
    secrets: (t) => t.urlSecrets,
  },
  {
    id: "wrong password",
    exitCode: EXIT_CODES.NO_PERM,
    code: new DatabaseAccessDeniedError("").code,
    retryable: false,
    shape: "error",
    timing: "at-once",
    env: (t) => ({ DATABASE_URL: t.wrongPassword.url }),
    mentions: (t) => [`"${t.wrongPassword.user}"`, "check the password in DATABASE_URL"],
    secrets: (t) => t.wrongPassword.secrets,
  },
  {
    id: "unknown database (creation off)",
    exitCode: EXIT_CODES.NO_INPUT,
    code: new DatabaseNotFoundError("").code,
    retryable: false,
    shape: "error",
    timing: "at-once",
    env: (t, p) => ({ DATABASE_URL: t.missingDatabase.url, ...p.noCreateDatabase }),
    mentions: (t) => [`database "${t.missingDatabase.name}" does not exist`],
    secrets: () => [],
  },
  malformedUrl("bogus://x", "bogus://x", ["bogus"]),
  // The value is a prefix of the expected shape, so "never echoed" cannot be told apart here; the other rows check it.
  malformedUrl("postgresql://", "postgresql://", []),
  malformedUrl("not a url", "not a url", ["not a url"]),
  malformedUrl("port 99999, with a password", "postgresql://nr:pw-in-malformed-url@127.0.0.1:99999/netraven", ["pw-in-malformed-url"]),
  misspelled("LOG_LEVEL", () => "LOG_LEVEL", "loud", runtimeMessage(envLogLevel(), "loud")),
  misspelled("LOG_FORMAT", () => "LOG_FORMAT", "xml", runtimeMessage(envLogFormat(), "xml")),
  misspelled("DATABASE_SCHEMA", () => "DATABASE_SCHEMA", "App", runtimeMessage(envIdentifier("public"), "App")),
  misspelled("<boolean>", (p) => p.booleanVariable, "flase", runtimeMessage(envBoolean(false), "flase")),
  {
    id: "unknown command",
    exitCode: EXIT_CODES.USAGE,
    code: new UsageError("").code,
    retryable: false,
    shape: "usage",
    timing: "at-once",
    args: () => ["frobnicate"],
    env: (t) => ({ DATABASE_URL: t.goodUrl }),
    mentions: () => [],
    secrets: () => [],
  },
];
