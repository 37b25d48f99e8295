import { describe, expect, it } from "vitest";

import { loadConfig, requireDatabaseUrl } from "./config.js";
import { ConfigError } from "@netraven/runtime";

describe("loadConfig", () => {
  it("applies defaults and treats empty strings as unset", () => {
    const config = loadConfig({ BACKUP_FORMAT: "", BACKUP_KEEP_LAST: "", PATH: "/bin" });
    expect(config.format).toBe("custom");
    expect(config.compression).toEqual({ method: "gzip", level: 1 });
    expect(config.retention).toEqual({ keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 6, maxAgeDays: 0, minKeep: 3, unverifiedMaxAgeHours: 72 });
    expect(config.backupDir).toBe("/var/lib/netraven/backups");
    expect(config.schedule).toBe("0 2 * * *");
    expect(config.searchPath).toBe("/bin");
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("reports every problem at once", () => {
    const env = { BACKUP_FORMAT: "tar", BACKUP_JOBS: "0", BACKUP_COMPRESSION: "gzip:11", BACKUP_SCHEDULE: "every day", BACKUP_TIMEZONE: "Mars/Base", BACKUP_MIN_KEEP: "0" };
    const error = (() => {
      try {
        loadConfig(env);
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error!.context.problems as string[]).map((p) => p.split(":")[0]).sort()).toEqual([
      "BACKUP_COMPRESSION",
      "BACKUP_FORMAT",
      "BACKUP_JOBS",
      "BACKUP_MIN_KEEP",
      "BACKUP_SCHEDULE",
      "BACKUP_TIMEZONE",
    ]);
    expect(error!.message).toContain("gzip levels run from 1 to 9, not 11");
  });

  it("lets flags win over the environment and says which problems came from a flag", () => {
    expect(loadConfig({ BACKUP_FORMAT: "custom", BACKUP_GLOBALS: "true" }, { BACKUP_FORMAT: "directory", BACKUP_GLOBALS: false })).toMatchObject({
      format: "directory",
      globals: false,
    });
    expect(() => loadConfig({}, { BACKUP_JOBS: "x" })).toThrow(/BACKUP_JOBS: .*\(from a command-line flag\)/);
  });

  it("parses booleans the way compose files write them", () => {
    expect(loadConfig({ BACKUP_GLOBALS: "no", BACKUP_RUN_ON_START: "1" })).toMatchObject({ globals: false, runOnStart: true });
    expect(() => loadConfig({ BACKUP_GLOBALS: "maybe" })).toThrow(ConfigError);
  });

  it("spells the shared variables as every NetRaven program does, naming each misspelled one", () => {
    expect(loadConfig({ LOG_FORMAT: "pretty", LOG_LEVEL: "warn", DATABASE_SCHEMA: "app", BACKUP_WAIT_TIMEOUT_MS: "2000" })).toMatchObject({
      logFormat: "pretty",
      logLevel: "warn",
      schema: "app",
      waitTimeoutMs: 2000,
    });
    const error = (() => {
      try {
        loadConfig({ LOG_LEVEL: "loud", LOG_FORMAT: "xml", DATABASE_SCHEMA: "App", BACKUP_GLOBALS: "flase", BACKUP_WAIT_TIMEOUT_MS: "60s" });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error?.exitCode).toBe(78);
    expect(error?.message).toContain("LOG_LEVEL: must be one of debug, info, warn, error");
    expect(error?.message).toContain("LOG_FORMAT: must be one of text, pretty, json");
    expect(error?.message).toContain('DATABASE_SCHEMA: PostgreSQL folds unquoted names to lower case: use "app"');
    expect(error?.message).toContain("BACKUP_GLOBALS: must be one of true, false, 1, 0, yes, no, on, off");
    expect(error?.message).toContain("BACKUP_WAIT_TIMEOUT_MS: must be a non-negative whole number of milliseconds");
  });

  it("keeps LOG_VERBOSE as a deprecated alias of LOG_LEVEL=debug; LOG_LEVEL wins", () => {
    expect(loadConfig({}).logLevel).toBe("info");
    expect(loadConfig({ LOG_VERBOSE: "true" }).logLevel).toBe("debug");
    expect(loadConfig({ LOG_VERBOSE: "true", LOG_LEVEL: "warn" }).logLevel).toBe("warn");
  });

  it("reads DATABASE_URL from DATABASE_URL_FILE (a mounted secret)", async () => {
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const dir = await mkdtemp(`${(await import("node:os")).tmpdir()}/nrb-secret-`);
    await writeFile(`${dir}/url`, "postgresql://app:s3cret@db:5432/netraven\n");
    expect(loadConfig({ DATABASE_URL_FILE: `${dir}/url` }).databaseUrl).toBe("postgresql://app:s3cret@db:5432/netraven");
    expect(() => loadConfig({ DATABASE_URL_FILE: `${dir}/missing` })).toThrow(/DATABASE_URL_FILE: cannot read .* \(ENOENT\)/);
  });

  it("keeps PG* variables away from child processes, so only DATABASE_URL decides where they connect", () => {
    const config = loadConfig({ PATH: "/usr/bin", PGHOST: "elsewhere", PGPASSWORD: "stale", LANG: "C.UTF-8" });
    expect(config.childEnv).toEqual({ PATH: "/usr/bin", LANG: "C.UTF-8" });
  });

  it("rejects a DATABASE_URL that is not a postgres URL without echoing it", () => {
    try {
      loadConfig({ DATABASE_URL: "mysql://u:hunter22@h/db" });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain("DATABASE_URL");
      expect((error as Error).message).not.toContain("hunter22");
    }
  });

  it("explains how to set DATABASE_URL when a command needs it", () => {
    expect(() => requireDatabaseUrl(loadConfig({}))).toThrow(/DATABASE_URL: is not set; set it to postgresql:\/\//);
  });
});
