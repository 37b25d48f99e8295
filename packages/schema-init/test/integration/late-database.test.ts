import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { findFreePort, startEmbeddedPostgres } from "@netraven/runtime/embedded-postgres";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

import { CLI } from "../helpers/run-cli.js";
import { SHIPPED_MIGRATIONS } from "../helpers/shipped-migrations.js";

// This test controls when the server starts, so it always uses its own
// embedded server rather than the run's shared one.
describe("a database that starts after schema-init", () => {
  it("is waited for and initialised (started 3 s late)", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "nr-late-pg-"));
    await chmod(root, 0o755); // when run as root, the server runs as another user and must reach its data dir
    const port = await findFreePort();
    const options = { dataDir: path.join(root, "data"), port, ephemeral: false };
    // initdb ahead of time, then stop: the test measures the wait, not initdb.
    const first = await startEmbeddedPostgres(options);
    await first.stop();
    const url = first.url.replace(/\/postgres$/, "/netraven");
    try {
      const run = execa(process.execPath, [CLI, "up", "--wait-timeout", "30000"], {
        env: { PATH: process.env.PATH ?? "", DATABASE_URL: url, ADMIN_PASSWORD: "late-admin-password" },
        extendEnv: false,
        reject: false,
        timeout: 120_000,
      });
      // Started once schema-init is seen waiting, and 3 s later: on a loaded host the CLI itself may take seconds to
      // start, and a server up before its first attempt would test nothing.
      await new Promise<void>((resolve) => {
        const seen = (chunk: Buffer) => {
          if (!chunk.toString().includes("waiting for PostgreSQL")) return;
          run.stderr?.off("data", seen);
          resolve();
        };
        run.stderr?.on("data", seen);
        void run.then(() => resolve());
      });
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const server = await startEmbeddedPostgres(options);
      try {
        const result = await run;
        expect(result.exitCode).toBe(0);
        expect(result.stderr).toContain("waiting for PostgreSQL: connection refused");
        expect(result.stderr).toContain("PostgreSQL is available after");
        expect(result.stderr).toContain("Created database");
        expect(result.stdout).toContain(`Applied ${SHIPPED_MIGRATIONS.length} migration(s)`);
      } finally {
        await server.stop();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
