import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { execa } from "execa";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

import type { EmbeddedPostgres } from "../../src/embedded-postgres/index.js";
import { findFreePort, startEmbeddedPostgres } from "../../src/embedded-postgres/index.js";
import { isNetravenError } from "../../src/index.js";

// Real servers, real SIGKILL: an earlier run that died without stopping its
// PostgreSQL must not break the next start (before: "TypeError: Cannot read
// properties of undefined (reading 'message')").
const fixture = fileURLToPath(new URL("../fixtures/start-embedded.mjs", import.meta.url));
const root = await mkdtemp(path.join(os.tmpdir(), "netraven-runtime-stale-"));
const dataDir = path.join(root, "data");
const port = await findFreePort();
let current: EmbeddedPostgres | undefined;

afterAll(async () => {
  await current?.stop();
  await rm(root, { recursive: true, force: true });
});

/** Starts the server in a child process, as an earlier run of the API would. */
async function startInChild() {
  const child = execa("node", [fixture, dataDir, String(port)], { reject: false });
  const pid = await new Promise<number>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      const match = /ready (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    void child.then((r) => reject(new Error(`fixture exited ${r.exitCode}: ${r.stderr}`)));
  });
  return { child, postmaster: pid };
}

async function selectOne(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ n: number }>("SELECT 1 AS n")).rows[0]!.n;
  } finally {
    await client.end();
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

describe("startEmbeddedPostgres after an earlier run was killed", () => {
  it("the owner was SIGKILLed and its server still runs: stops that server and starts", async () => {
    const { child, postmaster } = await startInChild();
    child.kill("SIGKILL");
    await child;
    expect(alive(postmaster)).toBe(true);
    const lines: string[] = [];
    current = await startEmbeddedPostgres({ dataDir, port, onLog: (l) => lines.push(l) });
    expect(alive(postmaster)).toBe(false);
    expect(lines).toContain(`Stopping the PostgreSQL server (pid ${postmaster}) an earlier run left on ${dataDir}.`);
    expect(await selectOne(current.url)).toBe(1);
    await current.stop();
    current = undefined;
  });

  it("the server itself was SIGKILLed, leaving postmaster.pid: removes the stale file and starts", async () => {
    const { child, postmaster } = await startInChild();
    process.kill(postmaster, "SIGKILL");
    child.kill("SIGKILL");
    await child;
    const pidFile = path.join(dataDir, "postmaster.pid");
    expect((await readFile(pidFile, "utf8")).split("\n")[0]).toBe(String(postmaster));
    current = await startEmbeddedPostgres({ dataDir, port });
    expect(await selectOne(current.url)).toBe(1);
    await current.stop();
    current = undefined;
  });

  it("the owner still runs: a typed error naming the data directory and what to do, and the server is left alone", async () => {
    const { child, postmaster } = await startInChild();
    try {
      const error = await startEmbeddedPostgres({ dataDir, port }).catch((e: unknown) => e);
      expect(isNetravenError(error) && [error.code, error.exitCode]).toEqual(["EMBEDDED_POSTGRES_IN_USE", 75]);
      expect((error as Error).message).toContain(`data directory ${dataDir} is in use by server process ${postmaster}, started by process ${child.pid}, which is still running: stop that program first`);
      expect(alive(postmaster)).toBe(true);
    } finally {
      child.kill("SIGKILL");
      await child;
      process.kill(postmaster, "SIGINT");
    }
  });

  it("any other start failure is a typed error with the server's reason, not a TypeError", async () => {
    const blocker = await startEmbeddedPostgres({ dataDir: path.join(root, "other"), port, ephemeral: true }).catch(() => undefined);
    const second = path.join(root, "second");
    try {
      const error = await startEmbeddedPostgres({ dataDir: second, port, ephemeral: true }).catch((e: unknown) => e);
      expect(isNetravenError(error) && error.code).toBe("EMBEDDED_POSTGRES_START_FAILED");
      expect((error as Error).message).toMatch(new RegExp(`^Embedded PostgreSQL did not start on port ${port} with data in ${second}: .*(in use|could not|FATAL)`, "s"));
    } finally {
      await blocker?.stop();
    }
  });
});
