import { once } from "node:events";
import { chmod, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { findFreePort } from "@netraven/runtime/embedded-postgres";
import { execa } from "execa";
import type { ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The README's run command on a fresh checkout: no DATABASE_URL, so the built
// entry starts embedded PostgreSQL, runs schema-init and serves the API.
const START = fileURLToPath(new URL("../../dist/start.js", import.meta.url));
let stateDir: string;

beforeAll(async () => {
  await stat(START).catch(() => {
    throw new Error(`${START} is missing: build first (pnpm turbo run build --filter=@netraven/api...).`);
  });
  stateDir = await mkdtemp(path.join(os.tmpdir(), "netraven-start-"));
  // mkdtemp makes it 0700; as root, embedded PostgreSQL runs as another user that must reach its data.
  await chmod(stateDir, 0o755);
});
afterAll(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

function baseEnv(extra: Record<string, string>): Record<string, string> {
  // Metrics on a free port: test files run side by side, and the default 9464 can be taken only once.
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? os.tmpdir(), LOG_FORMAT: "json", NETRAVEN_METRICS_PORT: "0", ...extra };
}

async function startApi(apiPort: number, pgPort: number) {
  const child = execa("node", [START], {
    env: baseEnv({ NETRAVEN_STATE_DIR: stateDir, PORT: String(apiPort), NETRAVEN_EMBEDDED_PG_PORT: String(pgPort) }),
    extendEnv: false,
    reject: false,
    all: true,
  });
  let output = "";
  let stdout = "";
  let stderr = "";
  child.all?.on("data", (chunk: Buffer) => void (output += chunk.toString()));
  child.stdout?.on("data", (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const deadline = Date.now() + 90_000;
  while (!output.includes("NetRaven API:") && Date.now() < deadline && child.exitCode === null) await sleep(200);
  return { child, output: () => output, stdout: () => stdout, stderr: () => stderr };
}

async function waitReady(base: string): Promise<number> {
  const deadline = Date.now() + 30_000;
  let status = 0;
  while (Date.now() < deadline) {
    status = await fetch(`${base}/readyz`).then((r) => r.status, () => 0);
    if (status === 200) break;
    await sleep(200);
  }
  return status;
}

async function stop(child: ResultPromise): Promise<{ exitCode?: number; durationMs: number }> {
  const started = Date.now();
  child.kill("SIGTERM");
  const result = await child;
  return { exitCode: result.exitCode, durationMs: Date.now() - started };
}

async function loginStatus(base: string, password: string | undefined): Promise<number> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password }),
  });
  return response.status;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("node dist/start.js without DATABASE_URL", () => {
  // Two cold starts of PostgreSQL + schema-init: generous on a busy 2-core CI machine.
  it("starts embedded PostgreSQL, prints the URL and the admin password once, turns ready, and stops cleanly on SIGTERM", { timeout: 240_000 }, async () => {
    const [apiPort, pgPort] = [await findFreePort(), await findFreePort()];
    const base = `http://127.0.0.1:${apiPort}`;
    const first = await startApi(apiPort, pgPort);
    let password: string | undefined;
    try {
      expect(first.output()).toContain(`NetRaven API: ${base}`);
      // The generated password is in a 0600 file whose path is printed; stdout is no terminal here, so it is not shown.
      const file = path.join(stateDir, "initial-admin-password");
      expect(first.output()).toContain(`First run: the generated password of "admin" is in ${file} (mode 0600).`);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      password = (await readFile(file, "utf8")).trim();
      expect(password.length).toBeGreaterThanOrEqual(12);
      expect(await waitReady(base)).toBe(200);
      expect(await loginStatus(base, password)).toBe(200);
      expect(first.output()).not.toContain(password);
      // Logs are log format v1 on stderr; one line per request (/readyz polls, the login), not Fastify's two.
      // The request's line is written once the response is out: give it a moment.
      for (let i = 0; i < 50 && !first.stderr().includes('"url":"/api/auth/login"'); i++) await sleep(100);
      const logLines = first.stderr().split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logLines.length).toBeGreaterThan(3);
      for (const line of logLines) {
        expect(typeof line.time === "string" && new Date(line.time).toISOString() === line.time, JSON.stringify(line)).toBe(true);
        expect(["debug", "info", "warn", "error"]).toContain(line.level);
        expect(typeof line.msg).toBe("string");
      }
      const loginLines = logLines.filter((line) => line.url === "/api/auth/login");
      expect(loginLines.map((line) => line.msg)).toEqual(["POST /api/auth/login 200"]);
      expect(first.stdout()).not.toContain('"level"');
      expect((await stat(path.join(stateDir, "dev-secrets.json"))).mode & 0o777).toBe(0o600);
    } finally {
      const stopped = await stop(first.child);
      expect(stopped.exitCode, first.output()).toBe(0);
      expect(stopped.durationMs).toBeLessThan(10_000);
    }
    // PostgreSQL was stopped with the API: its port is free again.
    expect(await fetch(`http://127.0.0.1:${pgPort}`).then(() => "open", (error: Error) => String(error.cause ?? error))).toMatch(/ECONNREFUSED/);

    // Second run on the same state: data and secrets persist, no new password is printed.
    const second = await startApi(apiPort, pgPort);
    try {
      expect(second.output()).toContain(`NetRaven API: ${base}`);
      expect(second.output()).not.toContain("First run");
      expect(await waitReady(base)).toBe(200);
      expect(await loginStatus(base, password)).toBe(200);
    } finally {
      expect((await stop(second.child)).exitCode, second.output()).toBe(0);
    }
  });

  it("refuses to start in production without secrets, naming what to set, with exit code 78", async () => {
    const result = await execa("node", [START], { env: baseEnv({ NODE_ENV: "production" }), extendEnv: false, reject: false });
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toContain("JWT_SECRET");
    expect(result.stderr).toContain("ENCRYPTION_KEYS");
    expect(result.stderr).toContain("DATABASE_URL");
    expect(result.stderr).toContain("openssl rand");
  });

  it("names a busy port and what to do, exits 78, and stops the embedded server it started", { timeout: 120_000 }, async () => {
    const [apiPort, pgPort] = [await findFreePort(), await findFreePort()];
    const busy = net.createServer().listen(apiPort, "127.0.0.1");
    await once(busy, "listening");
    try {
      const result = await execa("node", [START], {
        env: baseEnv({ NETRAVEN_STATE_DIR: stateDir, PORT: String(apiPort), NETRAVEN_EMBEDDED_PG_PORT: String(pgPort) }),
        extendEnv: false,
        reject: false,
      });
      expect(result.exitCode, result.stderr).toBe(78);
      expect(result.stderr).toContain(`Port ${apiPort} on 127.0.0.1 is already in use`);
      expect(result.stderr).toContain("set PORT to a free port");
      expect(await fetch(`http://127.0.0.1:${pgPort}`).then(() => "open", (error: Error) => String(error.cause ?? error))).toMatch(/ECONNREFUSED/);
    } finally {
      busy.close();
    }
  });

  it("says to set DATABASE_URL, exit 78, where embedded-postgres is not installed (production installs leave it out)", async () => {
    // A resolve hook sends the import to a package that does not exist: Node's own ERR_MODULE_NOT_FOUND, as in an image.
    const hooks = `export async function resolve(specifier, context, next) { return next(specifier === "embedded-postgres" ? "embedded-postgres-not-installed" : specifier, context); }`;
    const register = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
    const result = await execa("node", ["--import", `data:text/javascript,${encodeURIComponent(register)}`, START], {
      env: baseEnv({ NETRAVEN_STATE_DIR: stateDir, PORT: String(await findFreePort()), NETRAVEN_EMBEDDED_PG_PORT: String(await findFreePort()) }),
      extendEnv: false,
      reject: false,
    });
    expect(result.exitCode, result.stderr).toBe(78);
    expect(result.stderr).toContain("embedded PostgreSQL is not part of this installation");
    expect(result.stderr).toContain("Set DATABASE_URL");
  });
});
