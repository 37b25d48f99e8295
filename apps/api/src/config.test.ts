import { afterEach, describe, expect, it } from "vitest";

import { loadConfig, resetConfig } from "./config.js";
import { isApiError } from "./errors.js";

afterEach(() => resetConfig());

describe("loadConfig", () => {
  it("applies defaults and treats empty strings as unset", () => {
    const config = loadConfig({ PORT: "", JWT_TTL: "", DATABASE_URL: "" });
    expect(config).toMatchObject({ NODE_ENV: "development", PORT: 3000, JWT_TTL: 900, DATABASE_URL: undefined, NETRAVEN_EMBEDDED_PG_PORT: 54_329 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("parses token lifetimes with units and rejects silly ones", () => {
    expect(loadConfig({ JWT_TTL: "1h" }).JWT_TTL).toBe(3600);
    resetConfig();
    expect(() => loadConfig({ JWT_TTL: "5s" })).toThrow(/JWT_TTL/);
  });

  it("serves metrics on loopback port 9464 by default; off disables, 0 picks a free port, anything else is refused", () => {
    expect(loadConfig({})).toMatchObject({ NETRAVEN_METRICS_HOST: "127.0.0.1", NETRAVEN_METRICS_PORT: 9464, BACKUP_HEALTH_MAX_AGE_HOURS: 26 });
    resetConfig();
    expect(loadConfig({ NETRAVEN_METRICS_PORT: "off" }).NETRAVEN_METRICS_PORT).toBeNull();
    resetConfig();
    expect(loadConfig({ NETRAVEN_METRICS_PORT: "0" }).NETRAVEN_METRICS_PORT).toBe(0);
    for (const bad of ["70000", "no", "-1"]) {
      resetConfig();
      expect(() => loadConfig({ NETRAVEN_METRICS_PORT: bad })).toThrow(/NETRAVEN_METRICS_PORT/);
    }
  });

  it("reports every invalid variable at once", () => {
    try {
      loadConfig({ PORT: "http", LOG_LEVEL: "loud", JWT_SECRET: "short" });
      expect.unreachable();
    } catch (error) {
      expect(isApiError(error) && error.code).toBe("CONFIG_INVALID");
      for (const name of ["PORT", "LOG_LEVEL", "JWT_SECRET"]) expect((error as Error).message).toContain(name);
    }
  });

  it("refuses production without a database URL, JWT secret and encryption key, saying how to make them", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/DATABASE_URL[\s\S]*JWT_SECRET[\s\S]*openssl rand[\s\S]*ENCRYPTION_KEYS/);
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
