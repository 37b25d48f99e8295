import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { isNetravenError } from "@netraven/runtime";
import { afterEach, describe, expect, it } from "vitest";

import { loadConfig, resetConfig } from "./config.js";

afterEach(() => resetConfig());

function problems(env: Record<string, string>): string {
  resetConfig();
  try {
    loadConfig(env);
  } catch (error) {
    expect(isNetravenError(error) && [error.code, error.exitCode]).toEqual(["CONFIG_INVALID", 78]);
    return (error as Error).message;
  }
  throw new Error("expected a configuration error");
}

describe("loadConfig", () => {
  it("applies defaults and treats empty strings as unset", () => {
    const config = loadConfig({ PORT: "", JWT_TTL: "", DATABASE_URL: "", LOG_FORMAT: "" });
    expect(config).toMatchObject({ NODE_ENV: "development", PORT: 3000, JWT_TTL: 900, DATABASE_URL: undefined, NETRAVEN_EMBEDDED_PG_PORT: 54_329, LOG_LEVEL: "info", LOG_FORMAT: undefined });
    expect(config).toMatchObject({ SCHEMA_INIT_WAIT_TIMEOUT_MS: 60_000, SCHEMA_INIT_CREATE_DATABASE: true, SKIP_SCHEMA_INIT: false });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("parses token lifetimes with units and rejects silly ones", () => {
    expect(loadConfig({ JWT_TTL: "1h" }).JWT_TTL).toBe(3600);
    expect(problems({ JWT_TTL: "5s" })).toContain("JWT_TTL");
  });

  it("serves metrics on loopback port 9464 by default; off disables, 0 picks a free port, anything else is refused", () => {
    expect(loadConfig({})).toMatchObject({ NETRAVEN_METRICS_HOST: "127.0.0.1", NETRAVEN_METRICS_PORT: 9464, BACKUP_HEALTH_MAX_AGE_HOURS: 26 });
    resetConfig();
    expect(loadConfig({ NETRAVEN_METRICS_PORT: "off" }).NETRAVEN_METRICS_PORT).toBeNull();
    resetConfig();
    expect(loadConfig({ NETRAVEN_METRICS_PORT: "0" }).NETRAVEN_METRICS_PORT).toBe(0);
    for (const bad of ["70000", "no", "-1"]) expect(problems({ NETRAVEN_METRICS_PORT: bad })).toContain("NETRAVEN_METRICS_PORT");
  });

  it("accepts the runtime's spellings of the shared variables", () => {
    const config = loadConfig({ LOG_LEVEL: "warn", LOG_FORMAT: "text", SKIP_SCHEMA_INIT: " ON ", SCHEMA_INIT_CREATE_DATABASE: "no", SCHEMA_INIT_WAIT_TIMEOUT_MS: "1500" });
    expect(config).toMatchObject({ LOG_LEVEL: "warn", LOG_FORMAT: "text", SKIP_SCHEMA_INIT: true, SCHEMA_INIT_CREATE_DATABASE: false, SCHEMA_INIT_WAIT_TIMEOUT_MS: 1500 });
  });

  it("names each misspelled shared variable and its accepted spellings, all at once, without echoing values", () => {
    const message = problems({
      LOG_LEVEL: "loud",
      LOG_FORMAT: "xml",
      DATABASE_SCHEMA: "App",
      SKIP_SCHEMA_INIT: "flase",
      SCHEMA_INIT_WAIT_TIMEOUT_MS: "60s",
      DATABASE_URL: "bogus://x",
      PORT: "http",
      JWT_SECRET: "short",
    });
    expect(message).toContain("LOG_LEVEL: must be one of debug, info, warn, error");
    expect(message).toContain("LOG_FORMAT: must be one of text, pretty, json");
    expect(message).toContain('DATABASE_SCHEMA: PostgreSQL folds unquoted names to lower case: use "app"');
    expect(message).toContain("SKIP_SCHEMA_INIT: must be one of true, false, 1, 0, yes, no, on, off");
    expect(message).toContain("SCHEMA_INIT_WAIT_TIMEOUT_MS: must be a non-negative whole number of milliseconds");
    expect(message).toMatch(/DATABASE_URL: is not a valid PostgreSQL URL .*postgresql:\/\/USER:PASSWORD@HOST:5432\/DATABASE/);
    for (const name of ["PORT", "JWT_SECRET"]) expect(message).toContain(name);
    for (const value of ["loud", "xml", "flase", "bogus", "short"]) expect(message).not.toContain(value);
  });

  it("refuses malformed DATABASE_URLs naming the expected shape", () => {
    for (const bad of ["bogus://x", "postgresql://", "not a url"]) expect(problems({ DATABASE_URL: bad })).toContain("DATABASE_URL: is not a valid PostgreSQL URL");
  });

  it("refuses the pino-only levels it accepted before (fatal, trace, silent)", () => {
    for (const level of ["fatal", "trace", "silent"]) expect(problems({ LOG_LEVEL: level })).toContain("LOG_LEVEL");
  });

  it("reads secrets from <NAME>_FILE and refuses both ways or an unreadable file", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "api-config-"));
    try {
      const file = path.join(dir, "db-url");
      await writeFile(file, "postgresql://app:from-file@db:5432/netraven\n");
      await chmod(file, 0o600);
      expect(loadConfig({ DATABASE_URL_FILE: file }).DATABASE_URL).toBe("postgresql://app:from-file@db:5432/netraven");
      expect(problems({ DATABASE_URL_FILE: file, DATABASE_URL: "postgresql://a@b/c" })).toContain("DATABASE_URL: set DATABASE_URL or DATABASE_URL_FILE, not both");
      expect(problems({ JWT_SECRET_FILE: path.join(dir, "missing") })).toContain("JWT_SECRET_FILE: cannot read");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses production without a database URL, JWT secret and encryption key, saying how to make them", () => {
    expect(problems({ NODE_ENV: "production" })).toMatch(/DATABASE_URL[\s\S]*JWT_SECRET[\s\S]*openssl rand[\s\S]*ENCRYPTION_KEYS/);
    resetConfig();
    const ready = loadConfig({
      NODE_ENV: "production",
      DATABASE_URL: "postgres://u:p@db/netraven",
      JWT_SECRET: "x".repeat(48),
      ENCRYPTION_KEYS: `k1:${Buffer.alloc(32).toString("base64")}`,
    });
    expect(ready.NODE_ENV).toBe("production");
  });
});
