// How the engine tests reach the engine and the compose tool that
// scripts/test-docker.sh chose: DOCKER (the client), COMPOSE (the compose
// command, `docker compose` or `docker-compose`) and DOCKER_HOST, all from the
// environment of this run.
import { execa } from "execa";
import type { Options } from "execa";

/** The Docker client to run. */
export const dockerBin = process.env.DOCKER || "docker";
const [composeBin = "docker", ...composeArgs] = (process.env.COMPOSE || "docker compose").split(" ");

export interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
  all: string;
}

async function run(file: string, args: string[], options: Options = {}): Promise<Run> {
  const result = await execa(file, args, { reject: false, all: true, timeout: 600_000, ...options });
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  return { exitCode: result.exitCode ?? 1, stdout: text(result.stdout), stderr: text(result.stderr), all: text(result.all) };
}

/** `docker <args>`. */
export function docker(args: string[], options?: Options): Promise<Run> {
  return run(dockerBin, args, options);
}

/** The compose tool with the given leading arguments (file, env file, project). */
export function compose(args: string[], options?: Options): Promise<Run> {
  return run(composeBin, [...composeArgs, ...args], options);
}

/** `docker inspect` of one container, parsed. */
export async function inspect(id: string): Promise<ContainerInfo> {
  const result = await docker(["inspect", id]);
  if (result.exitCode !== 0) throw new Error(`docker inspect ${id}: ${result.all}`);
  return (JSON.parse(result.stdout) as ContainerInfo[])[0]!;
}

/** The fields of `docker inspect` the tests read. */
export interface ContainerInfo {
  Id: string;
  RestartCount: number;
  Config: { User: string; Image: string };
  State: { Status: string; ExitCode: number; StartedAt: string; Health?: { Status: string } };
  HostConfig: { ReadonlyRootfs: boolean; CapDrop: string[] | null; SecurityOpt: string[] | null };
  Mounts: { Type: string; Name?: string; Destination: string; RW: boolean }[];
  NetworkSettings: { Ports: Record<string, { HostIp: string; HostPort: string }[] | null> };
}

/** Polls `check` every 500 ms until it returns a value or the time is up. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
