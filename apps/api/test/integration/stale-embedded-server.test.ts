import { chmod, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { findFreePort } from "@netraven/runtime/embedded-postgres";
import { execa } from "execa";
import type { ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { START, startEnv } from "../helpers/start-entry.js";

// An API killed with SIGKILL leaves its embedded PostgreSQL behind (still
// running, or only a stale postmaster.pid when the server died too). The next
// start must recover, never fail with "Cannot read properties of undefined".
let stateDir: string;
let dataDir: string;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), "netraven-stale-"));
  // mkdtemp makes it 0700; as root, embedded PostgreSQL runs as another user that must reach its data.
  await chmod(stateDir, 0o755);
  dataDir = path.join(stateDir, "postgres", "data");
});
afterAll(async () => {
  // A failed test may leave a server: stop it before removing its data.
  const pid = await postmasterPid().catch(() => undefined);
  if (pid !== undefined) kill(pid, "SIGQUIT");
  await rm(stateDir, { recursive: true, force: true });
});

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function postmasterPid(): Promise<number> {
  return Number.parseInt((await readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0] ?? "", 10);
}

interface Running {
  child: ResultPromise;
  output(): string;
  base: string;
}

/**
 * Starts the entry on the shared state directory and waits until /readyz is 200.
 * `terminal`: under script(1), so stdout is a TTY as on an operator's console.
 */
async function start(apiPort: number, pgPort: number, terminal = false): Promise<Running> {
  const env = startEnv({ NETRAVEN_STATE_DIR: stateDir, PORT: String(apiPort), NETRAVEN_EMBEDDED_PG_PORT: String(pgPort) });
  const child = terminal
    ? execa("script", ["--quiet", "--return", "--flush", "--command", `node ${START}`, "/dev/null"], { env, extendEnv: false, reject: false, all: true })
    : execa("node", [START], { env, extendEnv: false, reject: false, all: true });
  let output = "";
  child.all?.on("data", (chunk: Buffer) => void (output += chunk.toString()));
  const base = `http://127.0.0.1:${apiPort}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if ((await fetch(`${base}/readyz`).then((r) => r.status, () => 0)) === 200) return { child, output: () => output, base };
    await sleep(200);
  }
  child.kill("SIGKILL");
  throw new Error(`the API did not turn ready:\n${output}`);
}

/** The API's own pid: the runtime's launcher records it next to the data directory. */
async function apiPid(): Promise<number> {
  return Number.parseInt(await readFile(`${dataDir}.owner-pid`, "utf8"), 10);
}

async function login(base: string, password: string): Promise<number> {
  const response = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password }) });
  return response.status;
}

describe("a leftover embedded PostgreSQL", () => {
  // Three starts of PostgreSQL (one with initdb and schema-init): generous on a busy 2-core CI machine.
  it("is recovered after SIGKILL: a server still running on the data dir, then a stale postmaster.pid", { timeout: 300_000 }, async () => {
    const [apiPort, pgPort] = [await findFreePort(), await findFreePort()];

    // First run on a terminal: the password is shown once in its block and kept in a 0600 file, never logged.
    const first = await start(apiPort, pgPort, true);
    const file = path.join(stateDir, "initial-admin-password");
    const password = (await readFile(file, "utf8")).trim();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(first.output()).toMatch(/FIRST-RUN ADMIN PASSWORD[^\n]*\r?\n\s+user:\s+admin\r?\n\s+password: (\S+)/);
    expect(first.output()).toContain(`password: ${password}`);
    const logLines = first.output().split(/\r?\n/).filter((line) => line.startsWith('{"level":'));
    expect(logLines.length).toBeGreaterThan(3);
    expect(logLines.filter((line) => line.includes(password))).toEqual([]);
    expect(await login(first.base, password)).toBe(200);

    // SIGKILL the API only: its PostgreSQL keeps running on the data directory.
    const server = await postmasterPid();
    kill(await apiPid(), "SIGKILL");
    await first.child;
    expect(alive(server)).toBe(true);

    const second = await start(apiPort, pgPort);
    expect(second.output()).toContain("an earlier run left");
    expect(alive(server)).toBe(false);
    expect(await login(second.base, password)).toBe(200);

    // SIGKILL the API and its server: only a stale postmaster.pid is left.
    const secondServer = await postmasterPid();
    kill(await apiPid(), "SIGKILL");
    kill(secondServer, "SIGKILL");
    await second.child;
    for (let i = 0; i < 100 && alive(secondServer); i++) await sleep(50);
    expect(await postmasterPid()).toBe(secondServer);

    const third = await start(apiPort, pgPort);
    expect(await login(third.base, password)).toBe(200);
    third.child.kill("SIGTERM");
    const stopped = await third.child;
    expect(stopped.exitCode, third.output()).toBe(0);
    expect(third.output()).not.toContain("TypeError");
  });
});
