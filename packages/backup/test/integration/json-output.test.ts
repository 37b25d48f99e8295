import { fileURLToPath } from "node:url";

import { runAdmin, useTestDatabase } from "@netraven/db-schema/testing";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { PG_OPTIONS, tempDir } from "../helpers/options.js";
import { runCli, waitForStderr } from "../helpers/run-cli.js";

// Every command's --json result, parsed, with the keys docs/backup.md ("JSON
// output") documents, and version 1 first; and the documented pnpm command
// literally, whose stdout must be that JSON and nothing else.

const database = useTestDatabase();
let env: Record<string, string | undefined>;
const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

async function json(args: string[], extra: Record<string, string> = {}) {
  const result = await runCli([...args, "--json"], { ...env, ...extra });
  const parsed = JSON.parse(result.stdout) as Record<string, unknown>;
  expect(Object.keys(parsed)[0]).toBe("version");
  expect(parsed.version).toBe(1);
  return { exitCode: result.exitCode, parsed };
}

afterAll(async () => {
  await runAdmin(database().adminUrl, [`DROP DATABASE IF EXISTS "${database().name}_json" WITH (FORCE)`]);
});
beforeAll(async () => {
  env = { DATABASE_URL: database().url, BACKUP_DIR: await tempDir(), PG_BIN: PG_OPTIONS.pgBin };
});

describe("--json output", () => {
  it("create, list, pin, unpin, verify, health, prune and restore each print one versioned object", async () => {
    const created = await json(["create"]);
    expect(created.exitCode).toBe(0);
    expect(created.parsed).toMatchObject({ ok: true, id: expect.any(String), bytes: expect.any(Number), durationMs: expect.any(Number), manifest: { manifestVersion: 1 }, removedLeftovers: [] });
    const id = created.parsed.id as string;

    expect((await json(["list"])).parsed).toMatchObject({ ok: true, dir: env.BACKUP_DIR, backups: [{ id, verified: "never", pinned: false, futureDated: false }], invalid: [] });
    expect((await json(["pin", id, "--reason", "json test"])).parsed).toEqual({ version: 1, ok: true, id, pinned: true });
    expect((await json(["unpin", id])).parsed).toEqual({ version: 1, ok: true, id, pinned: false });

    const verified = await json(["verify", id]);
    expect(verified.exitCode).toBe(0);
    expect(verified.parsed).toMatchObject({ ok: true, id, backupStartedAt: expect.any(String), bytes: expect.any(Number), problems: [], checks: expect.arrayContaining([expect.objectContaining({ name: "full-read", ok: true })]) });

    const health = await json(["health"]);
    expect(health.exitCode).toBe(10);
    expect(health.parsed).toMatchObject({ ok: false, healthy: false, exitCode: 10, reason: expect.any(String) });

    expect((await json(["prune", "--dry-run"])).parsed).toMatchObject({ ok: true, dryRun: true, kept: [{ id }], deleted: [], freedBytes: 0, untrusted: [] });

    const restored = await json(["restore", id, "--target", `${database().name}_json`]);
    expect(restored.exitCode).toBe(0);
    expect(restored.parsed).toMatchObject({ ok: true, id, targetDatabase: `${database().name}_json`, createdDatabase: true, safetyBackupId: null, skipped: [], validation: { ok: true } });
  });

  it("schedule prints its summary when it stops", async () => {
    const service = runCli(["schedule", "--json", "--run-on-start", "--cron", "0 0 1 1 *", "--restore-test-every", "0"], env);
    await waitForStderr(service, /next scheduled run/);
    service.kill("SIGTERM");
    const result = await service;
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ version: 1, ok: true, stopped: true, cycles: 1 });
  });

  it("through the documented pnpm command, stdout is exactly the JSON (pnpm -s keeps its banner away)", async () => {
    const result = await execa("pnpm", ["-s", "--filter", "backup", "start", "--", "list", "--json"], {
      cwd: REPO_ROOT,
      env: { BACKUP_DIR: env.BACKUP_DIR },
      reject: false,
      timeout: 240_000,
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ version: 1, ok: true, dir: env.BACKUP_DIR, backups: expect.arrayContaining([expect.objectContaining({ id: expect.any(String) })]) });
    const failed = await execa("pnpm", ["-s", "--filter", "backup", "start", "--", "frobnicate", "--json"], { cwd: REPO_ROOT, reject: false, timeout: 240_000 });
    expect(failed.exitCode).toBe(64);
    expect(JSON.parse(failed.stdout)).toMatchObject({ version: 1, ok: false, error: { code: "USAGE", exitCode: 64 } });
  }, 300_000);
});
