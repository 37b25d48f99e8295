import { describe, expect, it } from "vitest";

import type { StackFiles } from "../stack-files.js";
import { loadStackFiles } from "../stack-files.js";
import { checkEnvExample } from "./env-example.js";
import { checkHardening } from "./hardening.js";
import { checkMonitoring } from "./monitoring.js";
import { checkNoInlineSecrets } from "./secrets.js";
import { checkVersions } from "./versions.js";

// The checks that need no engine; each also meets a broken copy, so it can fail.
const files = loadStackFiles();

function broken(change: (copy: StackFiles) => void): StackFiles {
  const copy = structuredClone(files);
  change(copy);
  return copy;
}

describe("stack files", () => {
  it("write no secret inline", () => {
    expect(checkNoInlineSecrets(files)).toEqual([]);
    expect(checkNoInlineSecrets(broken((c) => (c.compose.services.api!.environment!.JWT_SECRET = "${JWT_SECRET:-dev-secret}")))).toEqual([
      expect.stringContaining("api.environment.JWT_SECRET must be a ${VAR} reference"),
    ]);
    const leaked = checkNoInlineSecrets(broken((c) => (c.composeText += "\nx: postgresql://netraven:hunter2@postgres/netraven\n")));
    expect(leaked).toEqual([expect.stringContaining("literal password")]);
    expect(leaked.join()).not.toContain("hunter2");
    expect(checkNoInlineSecrets(broken((c) => (c.envExample = c.envExample.replace(/^JWT_SECRET=$/m, "JWT_SECRET=changeme"))))).toEqual([
      ".env.example must leave JWT_SECRET empty (operators set secrets; none ship in the repository).",
    ]);
  });

  it("harden every NetRaven service", () => {
    expect(checkHardening(files)).toEqual([]);
    expect(checkHardening(broken((c) => delete c.compose.services.api!.read_only))).toEqual(["api must set read_only: true."]);
    expect(checkHardening(broken((c) => (c.compose.services.backup!.cap_drop = ["NET_RAW"])))).toEqual(["backup must set cap_drop: [ALL]."]);
    expect(checkHardening(broken((c) => (c.compose.services["schema-init"]!.security_opt = [])))).toEqual([
      'schema-init must set security_opt: ["no-new-privileges:true"].',
    ]);
  });

  it("publish the status and metrics port on loopback only, with one freshness target", () => {
    expect(checkMonitoring(files)).toEqual([]);
    expect(checkMonitoring(broken((c) => (c.compose.services.api!.ports = ["${API_BIND_ADDRESS:-127.0.0.1}:${API_PORT:-3000}:3000", "${API_BIND_ADDRESS:-127.0.0.1}:9464:9464"])))).toEqual([
      expect.stringContaining('api publishes the status and metrics port as "${API_BIND_ADDRESS:-127.0.0.1}:9464:9464"'),
    ]);
    expect(checkMonitoring(broken((c) => (c.compose.services.api!.ports = ["127.0.0.1:3000:3000"])))).toEqual(["api must publish its status and metrics port 9464 on the host's 127.0.0.1."]);
    expect(checkMonitoring(broken((c) => (c.compose.services.backup!.environment!.BACKUP_HEALTH_MAX_AGE_HOURS = "48")))).toEqual([expect.stringContaining("the same BACKUP_HEALTH_MAX_AGE_HOURS")]);
  });

  it("keep versions in step and images pinned", () => {
    expect(checkVersions(files)).toEqual([]);
    expect(checkVersions(broken((c) => (c.compose.services.postgres!.image = "postgres:16.4")))).toEqual([
      "The postgres image (16.4) and the Dockerfile's PG_MAJOR (15) must share a major version.",
    ]);
    expect(checkVersions(broken((c) => (c.packageManager = "pnpm@9.0.0")))).toEqual([expect.stringContaining("PNPM_VERSION")]);
    expect(checkVersions(broken((c) => (c.lockfile = c.lockfile.replace(/^ {2}turbo@\d+\.\d+\.\d+:$/m, "  turbo@1.0.0:"))))).toEqual([expect.stringContaining("TURBO_VERSION")]);
    expect(checkVersions(broken((c) => (c.dockerfile = c.dockerfile.replace(/^ARG NODE_IMAGE=.*$/m, "ARG NODE_IMAGE=node:latest"))))).toEqual([
      "node:latest is not pinned to a version (use at least major.minor).",
    ]);
  });

  it("list every compose variable in .env.example", () => {
    expect(checkEnvExample(files)).toEqual([]);
    expect(checkEnvExample(broken((c) => (c.envExample = c.envExample.replace(/^API_PORT=.*$/m, "UNUSED_SETTING=1"))))).toEqual([
      "API_PORT is read by docker-compose.yml but missing from .env.example.",
      ".env.example lists UNUSED_SETTING, which docker-compose.yml never reads.",
    ]);
  });
});
