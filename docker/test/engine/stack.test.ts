// The compose stack on a real engine, as an operator runs it: the compose
// tool's own `config`, `up` with the start order and health docs/docker.md
// states, the API through its published port on 127.0.0.1, a verified backup
// in the volume and a restore from it, `down` then `up` keeping the data, and
// a failing schema-init keeping the API and backups from starting; /status
// and /metrics on their own loopback port, showing that state.
import path from "node:path";

import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";

import { documentedServices } from "./docs-table.js";
import { compose, inspect } from "./helpers/engine.js";
import { expectMonitoring, expectNoMonitoringOnApiPort } from "./helpers/expect-monitoring.js";
import type { ListedBackup } from "./helpers/stack.js";
import { dockerDir, envExample, firstEvent, freePorts, generatedSecrets, Stack } from "./helpers/stack.js";

interface ConfigService {
  image: string;
  depends_on?: Record<string, { condition: string }>;
  ports?: (string | { host_ip?: string; published: number | string; target: number })[];
  environment?: Record<string, string>;
  volumes?: (string | { source: string; target: string })[];
  networks?: Record<string, unknown>;
  read_only?: boolean;
  cap_drop?: string[];
  security_opt?: string[];
}
interface Config {
  services: Record<string, ConfigService>;
  networks: Record<string, { internal?: boolean } | null>;
}

const NETRAVEN_SERVICES = ["schema-init", "api", "backup"];
// A freshness target other than the default, to see the one variable reach both the backup service and the API.
const stack = new Stack(`nrtest-stack-${process.pid}`, await freePorts(), { BACKUP_HEALTH_MAX_AGE_HOURS: "30" });
const api = (route: string, init?: RequestInit) => fetch(`http://127.0.0.1:${stack.ports.api}${route}`, init);

async function adminToken(): Promise<string> {
  const login = await api("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: stack.values.ADMIN_PASSWORD }),
  });
  expect(login.status).toBe(200);
  return String(((await login.json()) as { accessToken: string }).accessToken);
}

async function backups(): Promise<ListedBackup[]> {
  const listed = await stack.exec("backup", ["netraven-backup", "list", "--json"]);
  expect(listed.exitCode, listed.all).toBe(0);
  return (JSON.parse(listed.stdout) as { backups: ListedBackup[] }).backups;
}

describe("the compose stack on a real engine", () => {
  let startedAt = 0;
  let credentialId = "";

  afterAll(async () => {
    await stack.down();
  });

  it("`config` with .env.example as is names the missing secret and starts nothing", async () => {
    const result = await compose(["-f", path.join(dockerDir, "docker-compose.yml"), "--env-file", envExample, "-p", stack.project, "config"]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain("set POSTGRES_PASSWORD in docker/.env");
  });

  it("`config` with .env.example and the three secrets is what docs/docker.md states", async () => {
    const secrets = generatedSecrets();
    const dir = new Stack(`${stack.project}-config`, { api: 0, metrics: 0 });
    dir.writeEnv(secrets);
    const config = parse((await dir.composeOk(["config"])).stdout) as Config;
    await dir.down();
    const documented = documentedServices();
    expect(documented.map((d) => d.service)).toEqual(Object.keys(config.services).sort((a, b) => documented.findIndex((d) => d.service === a) - documented.findIndex((d) => d.service === b)));
    for (const doc of documented) {
      const service = config.services[doc.service]!;
      expect(service.depends_on ? Object.fromEntries(Object.entries(service.depends_on).map(([k, v]) => [k, v.condition])) : {}, doc.service).toEqual(doc.dependsOn);
      expect(service.image, doc.service).toBe(doc.service === "postgres" ? doc.image : `netraven/${doc.image}:local`);
    }
    // Published on loopback only (API_BIND_ADDRESS, API_PORT, METRICS_PORT defaults); the database publishes nothing.
    expect(config.services.api?.ports?.map((p) => (typeof p === "string" ? p : `${p.host_ip}:${p.published}:${p.target}`))).toEqual([
      expect.stringMatching(/^127\.0\.0\.1:3000:3000(\/tcp)?$/),
      expect.stringMatching(/^127\.0\.0\.1:9464:9464(\/tcp)?$/),
    ]);
    // The monitoring listener on every interface inside the container (a Prometheus on `backend` scrapes api:9464),
    // and one freshness target for the backup healthcheck and the API.
    expect(config.services.api?.environment).toMatchObject({ NETRAVEN_METRICS_HOST: "0.0.0.0", NETRAVEN_METRICS_PORT: "9464", BACKUP_HEALTH_MAX_AGE_HOURS: "26" });
    expect(config.services.backup?.environment?.BACKUP_HEALTH_MAX_AGE_HOURS).toBe("26");
    expect(Object.keys(config.services.backup?.networks ?? {})).toEqual(["backend"]);
    expect(config.services.postgres?.ports).toBeUndefined();
    expect(config.networks.backend?.internal).toBe(true);
    expect(Object.keys(config.services.postgres?.networks ?? {})).toEqual(["backend"]);
    // Every service gets the same database URL, with the password from the env file.
    for (const name of NETRAVEN_SERVICES) expect(config.services[name]?.environment?.DATABASE_URL).toBe(`postgresql://netraven:${secrets.POSTGRES_PASSWORD}@postgres:5432/netraven`);
    expect(config.services.api?.environment).toMatchObject({ SKIP_SCHEMA_INIT: "true", JWT_SECRET: secrets.JWT_SECRET, ENCRYPTION_KEYS: secrets.ENCRYPTION_KEYS });
    // The backups volume is mounted by the backup service only.
    for (const [name, service] of Object.entries(config.services)) {
      const mountsBackups = (service.volumes ?? []).some((v) => (typeof v === "string" ? v.startsWith("backups:") : v.source === "backups"));
      expect(mountsBackups, name).toBe(name === "backup");
    }
  });

  it("starts postgres, then schema-init, then api and backup, each healthy as documented", async () => {
    startedAt = Date.now() - 1000;
    await stack.composeOk(["up", "--detach"]);
    await Promise.all([stack.healthy("api"), stack.healthy("backup", 150_000)]);
    const events = await stack.events(startedAt);
    const postgresHealthy = firstEvent(events, "postgres", "health_status: healthy");
    const initStart = firstEvent(events, "schema-init", "start");
    const initDie = firstEvent(events, "schema-init", "die");
    expect(firstEvent(events, "postgres", "start").time).toBeLessThan(postgresHealthy.time);
    expect(initStart.time).toBeGreaterThanOrEqual(postgresHealthy.time);
    expect(initDie.exitCode).toBe("0");
    for (const service of ["api", "backup"]) expect(firstEvent(events, service, "start").time, service).toBeGreaterThanOrEqual(initDie.time);
    // Not ready during the first-start initdb: healthy only after the entrypoint finished it.
    const logs = await stack.compose(["logs", "--no-color", "--timestamps", "postgres"]);
    const initDone = /(\d{4}-\d\d-\d\dT[\d:.]+Z) PostgreSQL init process complete/.exec(logs.stdout);
    expect(initDone, logs.stdout).not.toBeNull();
    expect(Date.parse(initDone![1]!)).toBeLessThan(postgresHealthy.time);
    // The backup service turns healthy within a minute of its first verified backup.
    const [first] = await backups();
    expect(first?.verified).toBe("ok");
    const backupHealthy = firstEvent(events, "backup", "health_status: healthy").time;
    expect(backupHealthy - Date.parse(first!.verifiedAt!)).toBeLessThan(60_000);
  });

  it("runs the NetRaven services non-root, read-only, without capabilities", async () => {
    for (const name of NETRAVEN_SERVICES) {
      const info = await stack.container(name);
      expect(info.Config.User, name).toBe("node");
      expect(info.HostConfig.ReadonlyRootfs, name).toBe(true);
      expect(info.HostConfig.CapDrop, name).toEqual(["ALL"]);
      expect(info.HostConfig.SecurityOpt, name).toEqual(["no-new-privileges:true"]);
    }
    expect((await stack.exec("api", ["id", "-u"])).stdout.trim()).toBe("1000");
  });

  it("serves /readyz on 127.0.0.1 only, through the published port", async () => {
    const apiInfo = await stack.container("api");
    expect(apiInfo.NetworkSettings.Ports["3000/tcp"]).toEqual([{ HostIp: "127.0.0.1", HostPort: String(stack.ports.api) }]);
    for (const name of ["postgres", "schema-init", "backup"]) {
      const ports = (await stack.container(name)).NetworkSettings.Ports ?? {};
      expect(Object.values(ports).flatMap((bindings) => bindings ?? []), name).toEqual([]);
    }
    const ready = await api("/readyz");
    expect(ready.status, await ready.clone().text()).toBe(200);
  });

  it("serves /status and /metrics on their loopback port: schema up to date, no drift, the first verified backup with its age", async () => {
    const apiInfo = await stack.container("api");
    expect(apiInfo.NetworkSettings.Ports["9464/tcp"]).toEqual([{ HostIp: "127.0.0.1", HostPort: String(stack.ports.metrics) }]);
    const [first] = await backups();
    await expectMonitoring(stack, first!, 30 * 3600);
    await expectNoMonitoringOnApiPort(stack.ports.api);
  });

  it("keeps a verified backup in the backups volume", async () => {
    const backupInfo = await stack.container("backup");
    expect(backupInfo.Mounts).toContainEqual(expect.objectContaining({ Type: "volume", Name: `${stack.project}_backups`, Destination: "/backups", RW: true }));
    const [first] = await backups();
    const files = await stack.exec("backup", ["ls", `/backups`]);
    expect(files.stdout).toContain(first!.id);
    expect((await stack.exec("backup", ["netraven-backup", "health"])).exitCode).toBe(0);
  });

  it("restores the backup into a new database that schema-init validates", async () => {
    const restore = await stack.exec("backup", ["netraven-backup", "restore", "latest", "--target", "netraven_restored"]);
    expect(restore.exitCode, restore.all).toBe(0);
    expect(await stack.sql("SELECT count(*) FROM users WHERE username = 'admin'", "netraven_restored")).toBe("1");
    const url = `postgresql://netraven:${stack.values.POSTGRES_PASSWORD}@postgres:5432/netraven_restored`;
    const validate = await stack.compose(["run", "--rm", "-e", `DATABASE_URL=${url}`, "schema-init", "validate"]);
    expect(validate.exitCode, validate.all).toBe(0);
  });

  it("`down` then `up` keeps the data and applies nothing twice", async () => {
    const created = await api("/api/credentials", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await adminToken()}` },
      body: JSON.stringify({ name: "engine-test", username: "netops", password: "device-secret-1" }),
    });
    expect(created.status).toBe(201);
    credentialId = String(((await created.json()) as { id: string }).id);
    const history = "SELECT string_agg(migration_name || ' ' || finished_at, ', ' ORDER BY migration_name) FROM _prisma_migrations";
    const applied = await stack.sql(history);
    expect(applied).toMatch(/^\d{14}_/);
    await stack.composeOk(["down"]);
    expect(await stack.containers("api")).toEqual([]);
    const since = Date.now() - 1000;
    await stack.composeOk(["up", "--detach"]);
    await stack.healthy("api");
    const events = await stack.events(since);
    expect(firstEvent(events, "schema-init", "die").exitCode).toBe("0");
    const initLog = (await stack.compose(["logs", "--no-color", "schema-init"])).stdout;
    expect(initLog).toContain("Schema up to date");
    // The same rows, each finished once, before and after.
    expect(await stack.sql(history)).toBe(applied);
    expect(await stack.sql("SELECT count(*) - count(DISTINCT migration_name) FROM _prisma_migrations")).toBe("0");
    const read = await api(`/api/credentials/${credentialId}`, { headers: { authorization: `Bearer ${await adminToken()}` } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { name: string }).name).toBe("engine-test");
    expect((await backups()).length).toBeGreaterThanOrEqual(1);
  });

  it("a failing schema-init keeps api and backup from starting; fixing it and `up` recovers", async () => {
    await stack.composeOk(["down"]);
    stack.writeEnv({ ...stack.values, ADMIN_PASSWORD: "short" });
    const since = Date.now() - 1000;
    const up = await stack.compose(["up", "--detach"]);
    expect(up.exitCode, up.all).not.toBe(0);
    expect(up.all).toContain("schema-init");
    expect((await stack.container("schema-init")).State.ExitCode).toBe(78);
    const events = await stack.events(since);
    expect(events.filter((e) => e.action === "start" && ["api", "backup"].includes(e.service))).toEqual([]);
    for (const name of ["api", "backup"]) {
      for (const id of await stack.containers(name)) expect((await inspect(id)).State.StartedAt, name).toBe("0001-01-01T00:00:00Z");
    }
    stack.writeEnv(stack.values);
    await stack.composeOk(["up", "--detach"]);
    await stack.healthy("api");
  });
});
