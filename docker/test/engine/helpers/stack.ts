// One compose project of docker/docker-compose.yml under a throwaway name,
// with docker/.env.example plus generated secrets as its env file.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { ContainerInfo, Run } from "./engine.js";
import { compose, docker, inspect, waitFor } from "./engine.js";

export const dockerDir = fileURLToPath(new URL("../../..", import.meta.url));
export const composeFile = path.join(dockerDir, "docker-compose.yml");
export const envExample = path.join(dockerDir, ".env.example");

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** docker/.env.example with `values` set (what an operator writes to docker/.env). */
export function envFileText(values: Record<string, string>): string {
  return readFileSync(envExample, "utf8")
    .split("\n")
    .map((line) => {
      const key = /^([A-Z0-9_]+)=/.exec(line)?.[1];
      return key && key in values ? `${key}=${values[key]}` : line;
    })
    .join("\n");
}

/** Two distinct free ports for a stack (the tests run stacks side by side, so neither may use a default). */
export async function freePorts(): Promise<{ api: number; metrics: number }> {
  const api = await freePort();
  let metrics = await freePort();
  while (metrics === api) metrics = await freePort();
  return { api, metrics };
}

/** The three required secrets, generated as .env.example says. */
export function generatedSecrets(): Record<string, string> {
  return {
    POSTGRES_PASSWORD: randomBytes(24).toString("hex"),
    JWT_SECRET: randomBytes(48).toString("base64"),
    ENCRYPTION_KEYS: `key1:${randomBytes(32).toString("base64")}`,
  };
}

/** A backup as `netraven-backup list --json` lists it (the fields the tests read). */
export interface ListedBackup {
  id: string;
  startedAt: string;
  durationMs: number;
  bytes: number;
  verified: string;
  verifiedAt: string | null;
}

/** One engine event (`docker events --format '{{json .}}'`). */
export interface EngineEvent {
  service: string;
  action: string;
  exitCode?: string;
  time: number;
}

export class Stack {
  readonly dir = mkdtempSync(path.join(tmpdir(), "netraven-engine-test-"));
  readonly values: Record<string, string>;

  /** `ports`: the host ports on 127.0.0.1 of the API and of its /metrics and /status listener (0: the defaults). */
  constructor(
    readonly project: string,
    readonly ports: { api: number; metrics: number },
    values: Record<string, string> = {},
  ) {
    this.values = { ...generatedSecrets(), ADMIN_PASSWORD: `Engine-${randomBytes(9).toString("hex")}`, API_PORT: String(ports.api), METRICS_PORT: String(ports.metrics), ...values };
    this.writeEnv(this.values);
  }

  get envFile(): string {
    return path.join(this.dir, "test.env");
  }

  /** Rewrites the env file (the next `up` uses it). */
  writeEnv(values: Record<string, string>): void {
    writeFileSync(this.envFile, envFileText(values), { mode: 0o600 });
  }

  /** The compose tool on this project. */
  compose(args: string[]): Promise<Run> {
    return compose(["-f", composeFile, "--env-file", this.envFile, "-p", this.project, ...args]);
  }

  /** Like compose(), failing with its output when it exits non-zero. */
  async composeOk(args: string[]): Promise<Run> {
    const result = await this.compose(args);
    if (result.exitCode !== 0) throw new Error(`compose ${args.join(" ")} exited ${result.exitCode}:\n${result.all}`);
    return result;
  }

  /** Container ids of a service, running or not (the same labels for compose v1 and v2). */
  async containers(service: string): Promise<string[]> {
    const result = await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${this.project}`, "--filter", `label=com.docker.compose.service=${service}`]);
    return result.stdout.split("\n").filter(Boolean);
  }

  async container(service: string): Promise<ContainerInfo> {
    const [id] = await this.containers(service);
    if (!id) throw new Error(`${this.project} has no ${service} container`);
    return inspect(id);
  }

  /** Waits until the service's container reports healthy; fails at once, with its log, if it exits or restarts. */
  async healthy(service: string, timeoutMs = 180_000): Promise<void> {
    await waitFor(`${service} to turn healthy`, async () => {
      const { State, RestartCount } = await this.container(service);
      if (State.Status === "exited" || RestartCount > 0) {
        const log = (await this.compose(["logs", "--no-color", "--tail", "40", service])).all;
        throw new Error(`${service} ${State.Status === "exited" ? "exited" : "restarted"} (exit ${State.ExitCode}) instead of turning healthy:\n${log}`);
      }
      return State.Health?.Status === "healthy" ? true : undefined;
    }, timeoutMs);
  }

  /** Waits until a one-shot service exited and returns its exit code. */
  async exited(service: string, timeoutMs = 180_000): Promise<number> {
    return waitFor(`${service} to exit`, async () => {
      const { State } = await this.container(service);
      return State.Status === "exited" ? State.ExitCode : undefined;
    }, timeoutMs);
  }

  /** `exec -T <service> <command>` (no TTY, as from a script). */
  exec(service: string, command: string[]): Promise<Run> {
    return this.compose(["exec", "-T", service, ...command]);
  }

  /** One SQL statement through psql in the postgres container (Unix socket, as the image's superuser). */
  async sql(statement: string, database = "netraven"): Promise<string> {
    const result = await this.exec("postgres", ["psql", "-U", "netraven", "-d", database, "-AtX", "-v", "ON_ERROR_STOP=1", "-c", statement]);
    if (result.exitCode !== 0) throw new Error(`psql: ${result.all}`);
    return result.stdout.trim();
  }

  /** The project's engine events since `sinceMs` (start, die, health_status...), oldest first. */
  async events(sinceMs: number): Promise<EngineEvent[]> {
    const until = Math.ceil(Date.now() / 1000) + 1;
    const result = await docker(["events", "--since", String(Math.floor(sinceMs / 1000)), "--until", String(until), "--filter", "type=container", "--filter", `label=com.docker.compose.project=${this.project}`, "--format", "{{json .}}"]);
    return result.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { Action: string; timeNano: number; Actor: { Attributes: Record<string, string> } })
      .map((e) => ({ service: e.Actor.Attributes["com.docker.compose.service"] ?? "", action: e.Action, exitCode: e.Actor.Attributes.exitCode, time: e.timeNano / 1e6 }));
  }

  async down(): Promise<void> {
    await this.compose(["down", "--volumes", "--remove-orphans", "--timeout", "10"]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The first event of `service` with `action` (optionally after `after`), or a failure naming what is missing. */
export function firstEvent(events: EngineEvent[], service: string, action: string, after = 0): EngineEvent {
  const found = events.find((e) => e.service === service && e.action === action && e.time >= after);
  if (!found) throw new Error(`no "${action}" event for ${service}; events: ${events.map((e) => `${e.service}:${e.action}`).join(", ")}`);
  return found;
}
