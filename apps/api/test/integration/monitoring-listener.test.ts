import { mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { findFreePort } from "@netraven/runtime/embedded-postgres";
import { execa } from "execa";
import type { ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { useTestApp } from "../helpers/test-app.js";

// The built entry as a real process: where the metrics and status listener binds, that it is not on the API port,
// that it closes with the API on SIGTERM, and that a taken port stops the start with a clear message.
const START = fileURLToPath(new URL("../../dist/start.js", import.meta.url));
const t = useTestApp();
let stateDir: string;

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), "netraven-metrics-"));
});
afterAll(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

function start(apiPort: number, extra: Record<string, string>): ResultPromise<{ all: true; reject: false; extendEnv: false }> {
  return execa("node", [START], {
    env: { PATH: process.env.PATH ?? "", HOME: os.homedir(), DATABASE_URL: t().databaseUrl, SKIP_SCHEMA_INIT: "true", PORT: String(apiPort), NETRAVEN_STATE_DIR: stateDir, LOG_FORMAT: "json", NETRAVEN_SHUTDOWN_DRAIN_MS: "0", ...extra },
    extendEnv: false,
    reject: false,
    all: true,
  });
}

/** Resolves with the `metrics` URL the API logs once the listener is open. */
function metricsUrlOf(child: ReturnType<typeof start>): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.all.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /"metrics":"(http:\/\/[^"]+)\/metrics"/.exec(seen);
      if (match?.[1]) resolve(match[1]);
    });
    void child.then(() => reject(new Error(`the API exited before the metrics listener opened:\n${seen}`)));
  });
}

/** The local addresses listening on `port`, from Linux's /proc/net/tcp and tcp6 (IPv6 shown as hex). */
async function listeningAddresses(port: number): Promise<string[]> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const found: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const lines = (await readFile(file, "utf8").catch(() => "")).split("\n").slice(1);
    for (const line of lines) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== "0A" || !local?.endsWith(`:${hexPort}`)) continue;
      const hex = local.split(":")[0] ?? "";
      // IPv4 is a little-endian 32-bit word: 0100007F is 127.0.0.1.
      found.push(hex.length === 8 ? (hex.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16)).join(".") : hex);
    }
  }
  return found;
}

async function waitForLive(apiPort: number): Promise<void> {
  // Up to 30 s: a loaded CI host starts the process slowly.
  for (let i = 0; i < 300; i++) {
    if ((await fetch(`http://127.0.0.1:${apiPort}/livez`).then((r) => r.status, () => 0)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the API on port ${apiPort} did not answer /livez`);
}

const refused = (url: string) => fetch(url).then(() => "answered", (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? "failed");

describe("the metrics and status listener of `node dist/start.js`", () => {
  it("opens on 127.0.0.1 by default, beside and never on the API port, and closes with the API on SIGTERM", async () => {
    const apiPort = await findFreePort();
    // HOST=0.0.0.0 as in a container: the API is reachable from outside, the metrics listener still is not.
    const child = start(apiPort, { HOST: "0.0.0.0", NETRAVEN_METRICS_PORT: "0" });
    try {
      const base = await metricsUrlOf(child);
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const metricsPort = Number(new URL(base).port);
      expect(metricsPort).not.toBe(apiPort);

      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await metrics.text()).toContain("# TYPE netraven_schema_migrations_pending gauge");
      expect((await fetch(`${base}/status`)).status).toBe(200);

      // The API port does not serve them (authentication is default-deny: 401, never the metrics).
      await waitForLive(apiPort);
      for (const pathname of ["/metrics", "/status"]) {
        const onApi = await fetch(`http://127.0.0.1:${apiPort}${pathname}`);
        const body = await onApi.text();
        expect(onApi.status, `${pathname}: ${body}`).toBe(401);
        expect(body).not.toContain("netraven_");
      }
      // Bound to loopback only, as the kernel's socket table says: the API on every address, the metrics on 127.0.0.1.
      expect(await listeningAddresses(apiPort)).toEqual(["0.0.0.0"]);
      expect(await listeningAddresses(metricsPort)).toEqual(["127.0.0.1"]);

      child.kill("SIGTERM");
      const result = await child;
      expect(result.exitCode, result.all).toBe(0);
      expect(result.all).not.toMatch(/Deprecation|FSTDEP/);
      expect(await refused(`${base}/metrics`)).toBe("ECONNREFUSED");
    } finally {
      child.kill("SIGKILL");
    }
  }, 60_000);

  it("stops the start with exit 78 naming NETRAVEN_METRICS_PORT when the port is taken, and serves nothing with off", async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const takenPort = (taken.address() as net.AddressInfo).port;
    try {
      const result = await start(await findFreePort(), { NETRAVEN_METRICS_PORT: String(takenPort) });
      expect(result.exitCode, result.all).toBe(78);
      expect(result.all).toContain(`The metrics and status listener 127.0.0.1:${takenPort} is already in use: set NETRAVEN_METRICS_PORT to a free port, or off to disable it.`);
    } finally {
      taken.close();
    }

    const apiPort = await findFreePort();
    const child = start(apiPort, { NETRAVEN_METRICS_PORT: "off" });
    try {
      await waitForLive(apiPort);
      child.kill("SIGTERM");
      const result = await child;
      expect(result.exitCode, result.all).toBe(0);
      expect(result.all).not.toContain("status page and metrics listening");
    } finally {
      child.kill("SIGKILL");
    }
  }, 120_000);
});
