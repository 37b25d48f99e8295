// The compose sequence as processes, against the test database: what
// `docker compose up` starts, in its order, with the exact commands and
// environment the compose file and the Dockerfile give each service, over the
// workspace builds. Only what Docker itself provides is replaced: the
// database address (the test server), the API port and the backup folder.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { findFreePort } from "@netraven/db-schema/embedded";
import { ident, runAdmin, useTestDatabase, withDatabase } from "@netraven/db-schema/testing";
import { execa } from "execa";
import type { ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startOrder } from "../../src/compose/start-order.js";
import { imageEnvironment } from "../../src/dockerfile/stage-chain.js";
import type { RehearsalOptions, ServiceProcess } from "../../src/rehearsal/service-process.js";
import { healthcheckProcess, serviceProcess } from "../../src/rehearsal/service-process.js";
import { loadStack } from "../../src/stack.js";
import { missingBuilds } from "../helpers/built.js";
import { Transcript } from "../helpers/transcript.js";

const stack = loadStack();
const missing = missingBuilds(stack.packages, ["@netraven/schema-init", "@netraven/api", "@netraven/backup"]);
const database = useTestDatabase({ from: "empty" });

// What an operator puts in docker/.env: the example plus the required secrets.
const secrets = {
  POSTGRES_PASSWORD: randomBytes(24).toString("hex"),
  JWT_SECRET: randomBytes(48).toString("base64"),
  ENCRYPTION_KEYS: `key1:${randomBytes(32).toString("base64")}`,
  ADMIN_PASSWORD: `Rehearsal-${randomBytes(9).toString("hex")}`,
  NEW_ENCRYPTION_KEY: `key2:${randomBytes(32).toString("base64")}`,
  DEVICE_PASSWORD: `device-${randomBytes(9).toString("hex")}`,
};
const dotenv: Record<string, string> = { ...Object.fromEntries(stack.envExample), ...secrets };

function spawn(proc: ServiceProcess, cwd: string): ResultPromise<{ reject: false; all: true }> {
  const [file = "", ...args] = proc.argv;
  // Nothing from this shell leaks in: a container sees only its image and compose environment.
  return execa(file, args, { cwd, env: { PATH: process.env.PATH ?? "", ...proc.env }, extendEnv: false, reject: false, all: true, timeout: 120_000 });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

describe.skipIf(missing.length > 0)(`compose sequence rehearsed as processes${missing.length > 0 ? ` (skipped: ${missing.join("; ")})` : ""}`, () => {
  const transcript = new Transcript();
  let workDir = "";
  let options: RehearsalOptions;
  let api: ResultPromise<{ reject: false; all: true }> | undefined;
  let backup: ResultPromise<{ reject: false; all: true }> | undefined;
  let apiUrl = "";
  let credentialId = "";
  let restoredName = "";

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "netraven-rehearsal-"));
    // Docker provides the mount point: the backup volume at /backups.
    await mkdir(path.join(workDir, "backups"));
    const port = await findFreePort();
    apiUrl = `http://127.0.0.1:${port}`;
    const imagePgBin = imageEnvironment(stack.dockerfile, "backup").PG_BIN ?? "";
    options = {
      variables: (name) => dotenv[name],
      // REHEARSAL_APP_ROOT: rehearse `pnpm deploy` output (the images' /app) instead of the workspace.
      appRoot: process.env.REHEARSAL_APP_ROOT || undefined,
      overrides: {
        DATABASE_URL: database().url,
        HOST: "127.0.0.1",
        PORT: String(port),
        BACKUP_DIR: path.join(workDir, "backups"),
        // The image's pg_dump directory when this machine has it too; empty lets backup search.
        PG_BIN: process.env.PG_BIN ?? (existsSync(imagePgBin) ? imagePgBin : ""),
      },
    };
  });

  afterAll(async () => {
    api?.kill("SIGKILL");
    backup?.kill("SIGKILL");
    if (restoredName) await runAdmin(database().adminUrl, [`DROP DATABASE IF EXISTS ${ident(restoredName)} WITH (FORCE)`]);
    await rm(workDir, { recursive: true, force: true });
  });

  it("starts the services in the compose order", () => {
    expect(startOrder(stack.compose)).toEqual(["postgres", "schema-init", "api", "backup"]);
  });

  it("schema-init brings the empty database to the schema and exits 0", async () => {
    const result = await spawn(serviceProcess(stack, "schema-init", options), workDir);
    transcript.add(result.all);
    expect(result.exitCode, result.all).toBe(0);
    // LOG_FORMAT=json from the image: every log line is a JSON object.
    const logLines = result.stderr.split("\n").filter((line) => line.trim() !== "");
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
  });

  // `docker compose up -d api` with the current docker/.env values.
  async function startApi(): Promise<void> {
    api = spawn(serviceProcess(stack, "api", options), workDir);
    transcript.follow(api);
    const health = healthcheckProcess(stack, "api", options);
    const healthy = await waitUntil(async () => (await spawn(health, workDir)).exitCode === 0, 40_000);
    expect(healthy, `api never passed its healthcheck:\n${transcript.text()}`).toBe(true);
  }

  async function call(method: string, route: string, body?: unknown, token?: string): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${apiUrl}${route}`, {
      method,
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  async function adminToken(): Promise<string> {
    const login = await call("POST", "/api/auth/login", { username: "admin", password: secrets.ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    return String(login.json.accessToken);
  }

  it("api turns healthy by its compose healthcheck and the seeded admin can log in", async () => {
    await startApi();
    const created = await call("POST", "/api/credentials", { name: "rehearsal", username: "netops", password: secrets.DEVICE_PASSWORD }, await adminToken());
    expect(created.status).toBe(201);
    expect(created.json.keyId).toBe("key1");
    credentialId = String(created.json.id);
  });

  it("key rotation runbook: new key first in ENCRYPTION_KEYS, recreate api, rotate-keys", async () => {
    api?.kill("SIGTERM");
    expect((await api)?.exitCode).toBe(0);
    dotenv.ENCRYPTION_KEYS = `${secrets.NEW_ENCRYPTION_KEY},${secrets.ENCRYPTION_KEYS}`;
    await startApi();
    const token = await adminToken();
    const rotated = await call("POST", "/api/credentials/rotate-keys", undefined, token);
    expect(rotated.json).toMatchObject({ activeKeyId: "key2", rotated: 1, failed: [] });
    expect((await call("GET", `/api/credentials/${credentialId}`, undefined, token)).json.keyId).toBe("key2");
  });

  it("backup, as compose runs it (schedule), takes a verified backup at start and turns healthy", async () => {
    const health = healthcheckProcess(stack, "backup", options);
    expect((await spawn(health, workDir)).exitCode, "health before any backup: 10 (none recorded)").toBe(10);
    backup = spawn(serviceProcess(stack, "backup", options), workDir);
    transcript.follow(backup);
    const healthy = await waitUntil(async () => (await spawn(health, workDir)).exitCode === 0, 40_000);
    expect(healthy, `backup never passed its healthcheck:\n${transcript.text()}`).toBe(true);
  });

  it("a manual create next to the scheduler is listed with the verified scheduled one", async () => {
    const run = async (command: string[]) => {
      const result = await spawn(serviceProcess(stack, "backup", { ...options, command }), workDir);
      transcript.add(result.all);
      expect(result.exitCode, `${command.join(" ")}:\n${result.all}`).toBe(0);
      return result;
    };
    await run(["create", "--lock-timeout", "60000"]);
    const { backups } = JSON.parse((await run(["list", "--json"])).stdout) as { backups: { id: string; verified: string }[] };
    expect(backups).toHaveLength(2);
    expect(backups.map((b) => b.verified).sort()).toEqual(["never", "ok"]);
  });

  it("restore runbook: restore latest into a new database, which schema-init validates", async () => {
    restoredName = `${database().name}_restored`;
    const restore = await spawn(serviceProcess(stack, "backup", { ...options, command: ["restore", "latest", "--target", restoredName] }), workDir);
    transcript.add(restore.all);
    expect(restore.exitCode, restore.all).toBe(0);
    const restoredUrl = withDatabase(database().adminUrl, restoredName);
    const validate = serviceProcess(stack, "schema-init", { ...options, command: ["validate"], overrides: { ...options.overrides, DATABASE_URL: restoredUrl } });
    const validated = await spawn(validate, workDir);
    transcript.add(validated.all);
    expect(validated.exitCode, validated.all).toBe(0);
  });

  it("api and backup stop cleanly on SIGTERM, leaving no partial files", async () => {
    for (const child of [api, backup]) {
      expect(child).toBeDefined();
      child?.kill("SIGTERM");
      const result = await child;
      expect(result?.exitCode, result?.all).toBe(0);
    }
    const leftovers = (await readdir(path.join(workDir, "backups"), { recursive: true })).filter((file) => file.endsWith(".partial"));
    expect(leftovers).toEqual([]);
    // The working directory stands in for the images' read-only /app: nothing was written there.
    expect(await readdir(workDir)).toEqual(["backups"]);
  });

  it("no secret reached any output", () => {
    const output = transcript.text();
    expect(output.length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(secrets)) expect(output.includes(value), `${name} was printed`).toBe(false);
  });
});
