import path from "node:path";

import { describe, expect, it } from "vitest";

import { loadStack } from "../stack.js";
import { healthcheckProcess, serviceProcess } from "./service-process.js";

const stack = loadStack();
const values: Record<string, string> = { POSTGRES_PASSWORD: "pw", JWT_SECRET: "j".repeat(32), ENCRYPTION_KEYS: "key1:abc" };
const options = { variables: (name: string) => values[name], node: "/usr/bin/node", overrides: { PORT: "4000" } };
const pkgDir = (name: string) => stack.packages.get(name)?.dir ?? "";

describe("serviceProcess", () => {
  it("runs the image's ENTRYPOINT with the compose command over the workspace package", () => {
    const init = serviceProcess(stack, "schema-init", options);
    expect(init.argv).toEqual(["/usr/bin/node", path.join(pkgDir("@netraven/schema-init"), "bin/schema-init.js"), "up"]);
    expect(init.env.DATABASE_URL).toBe("postgresql://netraven:pw@postgres:5432/netraven");
  });

  it("replaces the command the way `docker compose run backup list --json` does", () => {
    const list = serviceProcess(stack, "backup", { ...options, command: ["list", "--json"] });
    expect(list.argv.slice(1)).toEqual([path.join(pkgDir("@netraven/backup"), "bin/netraven-backup.js"), "list", "--json"]);
  });

  it("merges image ENV, compose environment and overrides, in that order", () => {
    const api = serviceProcess(stack, "api", options);
    expect(api.argv).toEqual(["/usr/bin/node", path.join(pkgDir("@netraven/api"), "dist/start.js")]);
    expect(api.env).toMatchObject({ NODE_ENV: "production", SKIP_SCHEMA_INIT: "true", PORT: "4000", JWT_SECRET: values.JWT_SECRET });
  });

  it("maps a healthcheck's bin to the package file the image links it to", () => {
    const health = healthcheckProcess(stack, "backup", options);
    expect(health.argv).toEqual(["/usr/bin/node", path.join(pkgDir("@netraven/backup"), "bin/netraven-backup.js"), "health"]);
    expect(health.env.BACKUP_DIR).toBe("/backups");
  });

  it("refuses a service the Dockerfile does not build (postgres is the test server)", () => {
    expect(() => healthcheckProcess(stack, "postgres", options)).toThrow("builds no Dockerfile target");
  });
});
