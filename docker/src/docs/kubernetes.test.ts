import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { parse, parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";

import { isSecretName } from "../checks/secrets.js";
import { composeFilePath, dockerfilePath, repoRoot } from "../paths.js";
import { codeBlocks } from "./code-blocks.js";

// The manifests in docs/kubernetes.md, checked against the compose stack they mirror.
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  ports?: { containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean };
  containers: Container[];
  initContainers?: Container[];
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown>;
}

const compose = parse(readFileSync(composeFilePath, "utf8"), { maxAliasCount: 100 }) as { services: Record<string, { command?: string[] }> };
const dockerfile = readFileSync(dockerfilePath, "utf8");
/** An ENV value the Dockerfile sets (`NAME=value`). */
const imageEnv = (name: string) => new RegExp(`\\b${name}=(\\S+)`).exec(dockerfile)?.[1];
/** Subcommand names a CLI declares (`new Command("x")` / `.command("x")` in its sources). */
function cliSubcommands(dir: string): Set<string> {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
  const text = files.map((f) => readFileSync(path.join(dir, f), "utf8")).join("\n");
  return new Set([...text.matchAll(/(?:new Command|\.command)\(\s*"([a-z][a-z-]*)"/g)].map((m) => m[1] ?? ""));
}
const markdown = readFileSync(path.join(repoRoot, "docs/kubernetes.md"), "utf8");
const manifests = codeBlocks(markdown)
  .filter((block) => block.language === "yaml")
  .flatMap((block) => parseAllDocuments(block.text).map((doc) => doc.toJS() as Manifest));
const byKind = (kind: string) => manifests.filter((m) => m.kind === kind);
const podOf = (m: Manifest): PodSpec => {
  const spec = m.spec as { template?: { spec: PodSpec }; jobTemplate?: { spec: { template: { spec: PodSpec } } } };
  return spec.jobTemplate?.spec.template.spec ?? (spec.template?.spec as PodSpec);
};
const pods = manifests.filter((m) => ["Job", "Deployment", "CronJob"].includes(m.kind)).map(podOf);
const containers = pods.flatMap((pod) => [...pod.containers, ...(pod.initContainers ?? [])]);
const schemaInitCommands = cliSubcommands(path.join(repoRoot, "packages/schema-init/src"));
const backupCommands = cliSubcommands(path.join(repoRoot, "packages/backup/src"));

describe("docs/kubernetes.md manifests", () => {
  it("parse, with a schema-init Job, an api Deployment and Service, a backup CronJob and its PVC", () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual(["CronJob", "Deployment", "Job", "PersistentVolumeClaim", "Service"]);
  });

  it("run schema-init as the compose service does, and wait for it in the api pods", () => {
    const [job] = byKind("Job");
    expect(podOf(job!).containers[0]?.args).toEqual(compose.services["schema-init"]?.command);
    const init = podOf(byKind("Deployment")[0]!).initContainers?.[0];
    expect(init?.image).toMatch(/\/schema-init:/);
    expect(schemaInitCommands.has(init?.args?.[0] ?? "")).toBe(true);
  });

  it("probe the api: readiness on /readyz, liveness on /livez, on the image's port, schema-init skipped", () => {
    const api = podOf(byKind("Deployment")[0]!).containers[0]!;
    expect(api.readinessProbe?.httpGet?.path).toBe("/readyz");
    expect(api.livenessProbe?.httpGet?.path).toBe("/livez");
    expect(String(api.ports?.[0]?.containerPort)).toBe(imageEnv("PORT"));
    expect(api.env?.find((e) => e.name === "SKIP_SCHEMA_INIT")?.value).toBe("true");
  });

  it("back up from a CronJob onto the PVC at the image's BACKUP_DIR, with commands that exist", () => {
    const cronJob = byKind("CronJob")[0]!;
    expect(cronJob.spec.concurrencyPolicy).toBe("Forbid");
    const pod = podOf(cronJob);
    const claim = pod.volumes?.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName;
    expect(byKind("PersistentVolumeClaim").map((m) => m.metadata.name)).toContain(claim);
    const backup = pod.containers[0]!;
    const mount = backup.volumeMounts?.find((m) => m.name === pod.volumes?.find((v) => v.persistentVolumeClaim)?.name);
    expect(mount?.mountPath).toBe(imageEnv("BACKUP_DIR"));
    const script = backup.command?.at(-1) ?? "";
    const used = [...script.matchAll(/netraven-backup (\w+)/g)].map((m) => m[1] ?? "");
    expect(used).toEqual(["create", "verify", "prune"]);
    for (const command of used) expect(backupCommands.has(command)).toBe(true);
  });

  it("take every secret from the Secret and run every pod as non-root", () => {
    for (const container of containers) {
      for (const env of container.env ?? []) {
        if (isSecretName(env.name) || env.name === "DATABASE_URL") expect(env.valueFrom?.secretKeyRef?.name, `${container.name}.${env.name}`).toBe("netraven");
      }
    }
    for (const pod of pods) expect(pod.securityContext?.runAsNonRoot).toBe(true);
  });
});
