#!/usr/bin/env node
// End-to-end test of the real stack: builds the images, runs
// docker/docker-compose.yml under a throwaway project name with generated
// secrets, and checks what an operator relies on:
//   - schema-init exited 0 and api and backup became healthy (`up --wait`);
//   - /readyz answers 200 on the published port and the admin can log in;
//   - the first backup is listed and `netraven-backup health` passes;
//   - every NetRaven container runs as a non-root user.
// Everything (containers, volumes, network) is removed afterwards.
//
//   pnpm --filter @netraven/docker test:docker [-- --keep]
//
// Where no Docker engine answers (`docker info` fails) it prints why and
// exits 0: the same invariants are then covered by the unit checks and the
// process rehearsal (`test` and `test:integration`). Exit 1 on any failure.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dockerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const composeFile = path.join(dockerDir, "docker-compose.yml");
const keep = process.argv.includes("--keep");

function docker(args, { capture = false, allowFail = false } = {}) {
  const result = spawnSync("docker", args, { encoding: "utf8", stdio: capture ? "pipe" : "inherit" });
  if (!allowFail && result.status !== 0) {
    throw new Error(`docker ${args.join(" ")} exited ${result.status ?? result.error}\n${result.stderr ?? ""}`);
  }
  return { code: result.status ?? 1, stdout: result.stdout ?? "", stderr: result.stderr ?? String(result.error ?? "") };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Operator settings: the example file plus generated secrets.
function writeEnvFile(dir, apiPort, adminPassword) {
  const example = readFileSync(path.join(dockerDir, ".env.example"), "utf8");
  const values = {
    POSTGRES_PASSWORD: randomBytes(24).toString("hex"),
    JWT_SECRET: randomBytes(48).toString("base64"),
    ENCRYPTION_KEYS: `key1:${randomBytes(32).toString("base64")}`,
    ADMIN_PASSWORD: adminPassword,
    API_PORT: String(apiPort),
  };
  const lines = example.split("\n").map((line) => {
    const key = /^([A-Z0-9_]+)=/.exec(line)?.[1];
    return key && key in values ? `${key}=${values[key]}` : line;
  });
  const file = path.join(dir, "test.env");
  writeFileSync(file, lines.join("\n"), { mode: 0o600 });
  return file;
}

async function main() {
  const info = docker(["info", "--format", "{{.ServerVersion}}"], { capture: true, allowFail: true });
  if (info.code !== 0) {
    const reason = info.stderr.trim().split("\n").at(-1) || "docker info failed";
    console.log(`test:docker skipped: no Docker engine answers (${reason}).`);
    console.log("The compose file and Dockerfile are still checked by `test`, and the compose sequence is rehearsed as processes by `test:integration`.");
    return 0;
  }
  const work = mkdtempSync(path.join(tmpdir(), "netraven-docker-"));
  const project = `netraven-test-${process.pid}`;
  const apiPort = await freePort();
  const adminPassword = `E2e-${randomBytes(12).toString("hex")}`;
  const envFile = writeEnvFile(work, apiPort, adminPassword);
  const compose = (args, options) => docker(["compose", "-f", composeFile, "--env-file", envFile, "-p", project, ...args], options);
  const failures = [];
  try {
    compose(["build"]);
    // --wait: returns once every service is running and healthy and the one-shot
    // schema-init has exited 0 (its failure fails this command).
    compose(["up", "--detach", "--wait", "--wait-timeout", "600"]);

    const ready = await fetch(`http://127.0.0.1:${apiPort}/readyz`);
    if (ready.status !== 200) failures.push(`/readyz answered ${ready.status}`);
    const login = await fetch(`http://127.0.0.1:${apiPort}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: adminPassword }),
    });
    if (login.status !== 200) failures.push(`admin login answered ${login.status}`);

    const listed = compose(["exec", "-T", "backup", "netraven-backup", "list", "--json"], { capture: true, allowFail: true });
    if (listed.code !== 0 || !listed.stdout.includes('"id"')) failures.push(`backup list shows no backup:\n${listed.stdout}${listed.stderr}`);
    const health = compose(["exec", "-T", "backup", "netraven-backup", "health"], { capture: true, allowFail: true });
    if (health.code !== 0) failures.push(`netraven-backup health exited ${health.code}:\n${health.stderr}`);

    for (const service of ["api", "backup"]) {
      const uid = compose(["exec", "-T", service, "id", "-u"], { capture: true, allowFail: true }).stdout.trim();
      if (uid === "" || uid === "0") failures.push(`${service} runs as uid ${uid || "?"}, not a non-root user`);
    }
    const images = compose(["images", "--format", "table {{.Repository}}:{{.Tag}}\t{{.Size}}"], { capture: true, allowFail: true });
    console.log(images.stdout);
  } catch (error) {
    failures.push(error.message);
    compose(["ps", "--all"], { allowFail: true });
    compose(["logs", "--no-color", "--tail", "200"], { allowFail: true });
  } finally {
    if (keep) console.log(`Kept project ${project} (env file ${envFile}); remove it with: docker compose -p ${project} down -v`);
    else {
      compose(["down", "--volumes", "--remove-orphans"], { allowFail: true });
      rmSync(work, { recursive: true, force: true });
    }
  }
  if (failures.length > 0) {
    console.error(`test:docker failed:\n${failures.map((f) => `- ${f}`).join("\n")}`);
    return 1;
  }
  console.log("test:docker passed: the stack built, started in order, served /readyz and took a verified backup.");
  return 0;
}

process.exitCode = await main();
