import { describe, expect, it } from "vitest";

import { loadConfig, requireDatabaseUrl } from "./config.js";
import { ConfigError } from "./errors.js";

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
    expect(error!.problems.map((p) => p.split(":")[0]).sort()).toEqual([
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
