import { describe, expect, it } from "vitest";

import { ConfigError } from "@netraven/runtime";
import { connectionEnv, connectionTarget, withDatabaseName } from "./connection-env.js";

describe("connectionEnv", () => {
  it("moves every part of the URL into libpq variables, the password included, decoded", () => {
    expect(connectionEnv("postgresql://back%40up:p%40ss%3Aw0rd@db.example:6543/net%20raven?sslmode=verify-full&application_name=x")).toEqual({
      PGHOST: "db.example",
      PGPORT: "6543",
      PGUSER: "back@up",
      PGPASSWORD: "p@ss:w0rd",
      PGDATABASE: "net raven",
      PGSSLMODE: "verify-full",
      PGAPPNAME: "x",
    });
  });

  it("supports unix sockets, IPv6 hosts and another database", () => {
    expect(connectionEnv("postgresql:///app?host=/var/run/postgresql&user=u", "other")).toEqual({ PGUSER: "u", PGDATABASE: "other", PGHOST: "/var/run/postgresql" });
    expect(connectionEnv("postgres://[::1]:5433/app").PGHOST).toBe("::1");
  });

  it("drops Prisma-only parameters and rejects unknown ones", () => {
    expect(connectionEnv("postgresql://h/db?schema=public&connection_limit=5")).toEqual({ PGHOST: "h", PGDATABASE: "db" });
    expect(() => connectionEnv("postgresql://h/db?sslmod=require")).toThrow(/unknown connection parameter "sslmod"/);
  });

  it("never puts the URL into its error", () => {
    try {
      connectionEnv("postgresql://u:sekret@h:notaport/db");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect(String(error)).not.toContain("sekret");
    }
  });

  it("describes the target with libpq's defaults and swaps databases", () => {
    expect(connectionTarget("postgresql://u:p@h/")).toEqual({ host: "h", port: 5432, user: "u", database: "u" });
    expect(withDatabaseName("postgresql://u:p@h:1/a?sslmode=require", "b")).toBe("postgresql://u:p@h:1/b?sslmode=require");
  });
});
