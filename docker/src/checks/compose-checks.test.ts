import { describe, expect, it } from "vitest";

import type { ComposeFile, ComposeService } from "../compose/types.js";
import { cloneStack, loadStack } from "../stack.js";
import { checkBackupVolume } from "./backup-volume.js";
import { checkEnvExample } from "./env-example.js";
import { checkExposure } from "./exposure.js";
import { checkHealthchecks } from "./healthchecks.js";
import { checkPinnedImages } from "./images.js";
import { checkNoInlineSecrets } from "./secrets.js";
import { checkStartOrder } from "./start-order.js";

const stack = loadStack();

function broken(change: (compose: ComposeFile & { services: Record<string, ComposeService> }) => void): ComposeFile {
  const copy = cloneStack(stack).compose;
  change(copy as ComposeFile & { services: Record<string, ComposeService> });
  return copy;
}

describe("docker-compose.yml invariants", () => {
  it("starts postgres -> schema-init -> api and backup, with the right conditions", () => {
    expect(checkStartOrder(stack.compose)).toEqual([]);
    expect(checkStartOrder(broken((c) => (c.services.api!.depends_on = ["schema-init"])))).toEqual([
      "api must depend on schema-init with condition service_completed_successfully (found service_started).",
    ]);
    expect(checkStartOrder(broken((c) => (c.services["schema-init"]!.restart = "unless-stopped")))).toEqual(
      expect.arrayContaining([expect.stringContaining("but schema-init restarts (unless-stopped)")]),
    );
    expect(checkStartOrder(broken((c) => delete c.services.postgres!.healthcheck))).toEqual([
      "schema-init waits for postgres to be healthy, but postgres has no healthcheck.",
      "api waits for postgres to be healthy, but postgres has no healthcheck.",
    ]);
    expect(
      checkStartOrder(
        broken((c) => {
          c.services.api!.depends_on = { postgres: { condition: "service_healthy" } };
          c.services.backup!.depends_on = { postgres: { condition: "service_healthy" } };
        }),
      ),
    ).toEqual([
      "api must depend on schema-init with condition service_completed_successfully (found none).",
      "backup must depend on schema-init with condition service_completed_successfully (found none).",
      "One-shot schema-init is awaited by no long-running service (service_completed_successfully): `up --wait` would fail on its exit.",
    ]);
    expect(checkStartOrder(broken((c) => ((c.services.api!.environment as Record<string, string>).SKIP_SCHEMA_INIT = "false")))).toEqual([
      expect.stringContaining("api must set SKIP_SCHEMA_INIT=true"),
    ]);
  });

  it("mounts the backup volume read-write in backup only, where it writes", () => {
    expect(checkBackupVolume(stack.compose)).toEqual([]);
    expect(checkBackupVolume(broken((c) => c.services.postgres!.volumes!.push("backups:/backups")))).toEqual([
      'postgres mounts the "backups" volume read-write; only backup may write backups.',
    ]);
    expect(checkBackupVolume(broken((c) => c.services.api!.volumes = ["backups:/backups:ro"]))).toEqual([]);
    expect(checkBackupVolume(broken((c) => c.services.postgres!.volumes!.push("./backups:/backups")))).toEqual([
      'postgres bind-mounts ./backups at /backups: backups belong in the "backups" named volume.',
    ]);
    expect(checkBackupVolume(broken((c) => ((c.services.backup!.environment as Record<string, string>).BACKUP_DIR = "/data")))).toEqual([
      'backup mounts "backups" at /backups but writes to BACKUP_DIR=/data.',
    ]);
  });

  it("pins every pulled image and matches the server major with PG_MAJOR", () => {
    expect(checkPinnedImages(stack.compose, stack.dockerfile)).toEqual([]);
    expect(checkPinnedImages(broken((c) => (c.services.postgres!.image = "postgres:latest")), stack.dockerfile)).toEqual([
      "postgres: postgres:latest uses :latest.",
      "The postgres image (latest) and the Dockerfile's PG_MAJOR (15) must share a major version.",
    ]);
    expect(checkPinnedImages(broken((c) => (c.services.postgres!.image = "postgres:16.4")), stack.dockerfile)).toEqual([
      "The postgres image (16.4) and the Dockerfile's PG_MAJOR (15) must share a major version.",
    ]);
    expect(checkPinnedImages(broken((c) => (c.services.postgres!.image = "postgres:15")), stack.dockerfile)).toEqual([
      "postgres: postgres:15 is not pinned to a version (use at least major.minor).",
    ]);
  });

  it("has healthchecks that check what matters on postgres, api and backup", () => {
    expect(checkHealthchecks(stack.compose)).toEqual([]);
    expect(checkHealthchecks(broken((c) => (c.services.api!.healthcheck!.test = ["CMD", "node", "-e", "fetch('http://127.0.0.1:3000/livez')"])))).toEqual([
      "api's healthcheck must run /readyz: ready means the database answers and the schema validates.",
    ]);
    expect(checkHealthchecks(broken((c) => delete c.services.backup!.healthcheck))).toEqual(["backup has no healthcheck."]);
    expect(checkHealthchecks(broken((c) => delete c.services.postgres!.healthcheck!.start_period))).toEqual([
      "postgres's healthcheck needs a start_period (first start runs initdb).",
    ]);
  });

  it("writes no secret inline", () => {
    expect(checkNoInlineSecrets(stack.compose)).toEqual([]);
    expect(checkNoInlineSecrets(broken((c) => ((c.services.api!.environment as Record<string, string>).JWT_SECRET = "${JWT_SECRET:-dev-secret}")))).toEqual([
      expect.stringContaining("api.environment.JWT_SECRET must be a ${VAR} reference"),
    ]);
    const leaked = checkNoInlineSecrets(broken((c) => ((c.services.backup!.environment as Record<string, string>).DATABASE_URL = "postgresql://netraven:hunter2@postgres/netraven")));
    expect(leaked).toEqual(["services.backup.environment.DATABASE_URL: the URL's password must be a ${VAR} reference."]);
    expect(leaked.join()).not.toContain("hunter2");
  });

  it("documents every variable in .env.example, with empty secrets", () => {
    expect(checkEnvExample(stack.compose, stack.envExample)).toEqual([]);
    const example = new Map(stack.envExample);
    example.delete("API_PORT");
    example.set("JWT_SECRET", "changeme");
    example.set("UNUSED_SETTING", "1");
    expect(checkEnvExample(stack.compose, example)).toEqual([
      "API_PORT is read by docker-compose.yml but missing from .env.example.",
      ".env.example lists UNUSED_SETTING, which docker-compose.yml never reads.",
      ".env.example must leave JWT_SECRET empty (operators set secrets; none ship in the repository).",
    ]);
  });

  it("publishes no database port and keeps postgres on an internal network", () => {
    expect(checkExposure(stack.compose)).toEqual([]);
    expect(checkExposure(broken((c) => (c.services.postgres!.ports = ["5432:5432"])))).toEqual([
      "postgres publishes a port: the database must be reachable from the stack only.",
    ]);
    expect(checkExposure(broken((c) => (c.networks!.backend = {})))).toEqual(["postgres joins backend, which is not internal: true."]);
  });
});
