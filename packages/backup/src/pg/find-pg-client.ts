import { constants } from "node:fs";
import { access, readdir, realpath } from "node:fs/promises";
import path from "node:path";

import { execa } from "execa";

import { PgToolNotFoundError, PgVersionMismatchError } from "../errors.js";
import type { Logger } from "@netraven/runtime";
import { chooseClient, searchOrder } from "./choose-client.js";
import type { ClientCandidate } from "./choose-client.js";
import type { PgVersion } from "./version.js";
import { majorNum, parseClientVersion } from "./version.js";

/** A directory of PostgreSQL client programs of one version. */
export interface PgClient {
  dir: string;
  version: PgVersion;
  pgDump: string;
  pgRestore: string;
  /** Absent when the directory has no pg_dumpall (globals are then skipped with a warning). */
  pgDumpall: string | undefined;
}

/** Options for {@link findPgClient}. */
export interface FindPgClientOptions {
  /** PG_BIN: when set, the only directory considered. */
  pgBin?: string | undefined;
  /** PATH to search when PG_BIN is unset. @default "" */
  searchPath?: string;
  /** The client's major version must be at least this one's (server_version_num form). */
  minVersion: PgVersion;
  /** What `minVersion` is, for the message: "the server" or "the pg_dump that wrote the backup". */
  minVersionOf: string;
  /** Override the versioned install directories (tests). @default the standard locations */
  installRoots?: InstallRoot[];
  logger?: Logger;
}

/** A parent directory whose entries are per-version installs, and how to reach `bin` in each. */
export interface InstallRoot {
  parent: string;
  /** Matches an entry name; group 1 is the major version. */
  pattern: RegExp;
  /** Path from the entry to its bin directory. */
  bin: string;
}

/** Debian/Ubuntu, PGDG RPMs, Alpine, Homebrew (arm and intel) and Postgres.app. */
export const INSTALL_ROOTS: InstallRoot[] = [
  { parent: "/usr/lib/postgresql", pattern: /^(\d+(?:\.\d+)?)$/, bin: "bin" },
  { parent: "/usr", pattern: /^pgsql-(\d+(?:\.\d+)?)$/, bin: "bin" },
  { parent: "/usr/libexec", pattern: /^postgresql(\d+)$/, bin: "." },
  { parent: "/opt/homebrew/opt", pattern: /^postgresql@(\d+)$/, bin: "bin" },
  { parent: "/usr/local/opt", pattern: /^postgresql@(\d+)$/, bin: "bin" },
  { parent: "/Applications/Postgres.app/Contents/Versions", pattern: /^(\d+)$/, bin: "bin" },
];

/**
 * Finds pg_dump/pg_restore whose major version is at least `minVersion`'s:
 * PG_BIN alone when set; else PATH, then the versioned install directories.
 * Among the clients new enough it takes the closest major, because pg_dump's
 * output is only guaranteed to load into servers of its own major or newer.
 */
export async function findPgClient(options: FindPgClientOptions): Promise<PgClient> {
  const dirs = searchOrder({
    pgBin: options.pgBin,
    searchPath: options.searchPath ?? "",
    versionedDirs: await listVersionedDirs(options.installRoots ?? INSTALL_ROOTS),
  });
  const candidates: ClientCandidate[] = [];
  const seen = new Set<string>();
  for (const dir of dirs) {
    const pgDump = path.join(dir, "pg_dump");
    if (!(await isExecutable(pgDump)) || !(await isExecutable(path.join(dir, "pg_restore")))) continue;
    const real = await realpath(pgDump).catch(() => pgDump);
    // Debian's pg_wrapper (a perl dispatcher behind /usr/bin/pg_dump) picks a
    // version per call from ~/.postgresqlrc and PGCLUSTER; the per-version
    // directories it dispatches to are searched directly instead.
    if (seen.has(real) || path.basename(real) === "pg_wrapper") continue;
    seen.add(real);
    const version = await probeVersion(pgDump);
    options.logger?.debug?.("found PostgreSQL client", { dir, version: version?.text });
    if (version) candidates.push({ dir, version });
    // Nothing can beat the server's own major, and earlier directories win ties: stop probing.
    if (version && majorNum(version.num) === majorNum(options.minVersion.num)) break;
  }
  const chosen = chooseClient(candidates, options.minVersion.num);
  if (!chosen) throw noClientError(options, dirs, candidates);
  const pgDumpall = path.join(chosen.dir, "pg_dumpall");
  return {
    dir: chosen.dir,
    version: chosen.version,
    pgDump: path.join(chosen.dir, "pg_dump"),
    pgRestore: path.join(chosen.dir, "pg_restore"),
    pgDumpall: (await isExecutable(pgDumpall)) ? pgDumpall : undefined,
  };
}

function noClientError(options: FindPgClientOptions, dirs: string[], candidates: ClientCandidate[]): Error {
  const need = options.minVersion;
  const fix =
    `install the PostgreSQL ${need.major} client tools (Debian/Ubuntu: apt-get install postgresql-client-${need.major}; ` +
    `Alpine: apk add postgresql${need.major}-client) and set PG_BIN to their bin directory (for example /usr/lib/postgresql/${need.major}/bin)` +
    (options.pgBin ? ", or unset PG_BIN so PATH and the standard install directories are searched" : "");
  if (candidates.length === 0) {
    return new PgToolNotFoundError(
      `pg_dump and pg_restore were not found (searched ${options.pgBin ? `PG_BIN=${options.pgBin}` : `${dirs.length} directories from PATH and the standard install locations`}); ${fix}.`,
      { context: { searched: dirs } },
    );
  }
  const found = candidates.map((c) => `pg_dump ${c.version.text} (${c.dir})`).join(", ");
  return new PgVersionMismatchError(
    `${found} ${candidates.length === 1 ? "is" : "are"} older than ${options.minVersionOf}, PostgreSQL ${need.text}: ` +
      `pg_dump and pg_restore must be of major version ${need.major} or newer. Fix: ${fix}.`,
    { context: { required: need.text, found: candidates.map((c) => ({ dir: c.dir, version: c.version.text })) } },
  );
}

async function listVersionedDirs(roots: InstallRoot[]): Promise<{ dir: string; major: number }[]> {
  const found: { dir: string; major: number }[] = [];
  for (const root of roots) {
    const entries = await readdir(root.parent).catch(() => [] as string[]);
    for (const entry of entries) {
      const match = root.pattern.exec(entry);
      if (match) found.push({ dir: path.join(root.parent, entry, root.bin), major: Number(match[1]) });
    }
  }
  return found;
}

async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

async function probeVersion(pgDump: string): Promise<PgVersion | undefined> {
  const result = await execa(pgDump, ["--version"], { timeout: 10_000, reject: false, stdin: "ignore" });
  return result.exitCode === 0 ? parseClientVersion(result.stdout) : undefined;
}
