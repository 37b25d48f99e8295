// pnpm --filter @netraven/schema-init crash-stress
// Kills `schema-init up` with SIGKILL at random instants while it applies a
// slow migration, then runs `up` again and checks that it recovered with no
// manual step: exit 0, the migration applied and recorded exactly once,
// nothing left unfinished. CRASH_TRIALS=24 sets the number of trials.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { findFreePort, startEmbeddedPostgres } from "@netraven/runtime/embedded-postgres";
import pg from "pg";

import { timeProcess } from "./lib/processes.mjs";
import { writeSyntheticSet } from "./lib/synthetic.mjs";

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), "../dist/cli.js");
const TRIALS = Math.max(20, Number(process.env.CRASH_TRIALS ?? 24));
const SLOW = "20991231000000_crash_stress";
// Two sleeps around a large result: killed before it, the server meets the
// closed socket when it writes the result and aborts; killed after it, the
// server runs the message to its end. Both orphans must leave a clean state.
const SLOW_SQL = `CREATE TABLE stress_a (id int PRIMARY KEY);
SELECT pg_sleep(0.4);
SELECT repeat('x', 1000000);
SELECT pg_sleep(0.4);
CREATE TABLE stress_b (id int REFERENCES stress_a (id));
`;

async function query(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

const root = await mkdtemp(path.join(os.tmpdir(), "nr-crash-stress-"));
await chmod(root, 0o755);
const server = await startEmbeddedPostgres({ dataDir: path.join(root, "data"), port: await findFreePort() });
const set = await writeSyntheticSet(path.join(root, "set"), 20);
const { mkdir, writeFile } = await import("node:fs/promises");
await mkdir(path.join(set.dir, SLOW), { recursive: true });
await writeFile(path.join(set.dir, SLOW, "migration.sql"), SLOW_SQL);
const env = { SCHEMA_INIT_MIGRATIONS_DIR: set.dir, SCHEMA_INIT_LOCK_TIMEOUT_MS: "60000" };
const dbUrl = (name) => server.url.replace(/\/postgres$/, `/${name}`);

const results = [];
try {
  // One undisturbed run sets the window the kills are drawn from.
  await query(server.url, "CREATE DATABASE crash_reference");
  const reference = await timeProcess(process.execPath, [CLI, "up", "--no-seed"], { ...env, DATABASE_URL: dbUrl("crash_reference") });
  const windowMs = reference.elapsed;
  for (let trial = 1; trial <= TRIALS; trial++) {
    const name = `crash_${trial}`;
    await query(server.url, `CREATE DATABASE ${name}`);
    const url = dbUrl(name);
    // A little past the undisturbed run, so some kills land after the commit or after the exit.
    const killAt = Math.random() * windowMs * 1.15;
    const child = spawn(process.execPath, [CLI, "up", "--no-seed"], { env: { ...process.env, ...env, DATABASE_URL: url }, stdio: "ignore" });
    const exited = once(child, "exit");
    await new Promise((resolve) => setTimeout(resolve, killAt));
    const finishedFirst = child.exitCode !== null;
    child.kill("SIGKILL");
    await exited;
    const next = await timeProcess(process.execPath, [CLI, "up", "--no-seed", "--json"], { ...env, DATABASE_URL: url }).catch((error) => ({ error }));
    const applied = next.error ? [] : JSON.parse(next.stdout).migrationsApplied;
    const [state] = await query(
      url,
      `SELECT (SELECT count(*) FROM pg_tables WHERE tablename IN ('stress_a', 'stress_b'))::int AS tables,
              (SELECT count(*) FROM _prisma_migrations WHERE migration_name = '${SLOW}' AND finished_at IS NOT NULL AND rolled_back_at IS NULL)::int AS recorded,
              (SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NULL AND rolled_back_at IS NULL)::int AS unfinished`,
    ).catch(() => [{ tables: -1, recorded: -1, unfinished: -1 }]);
    const recovered = !next.error && state.tables === 2 && state.recorded === 1 && state.unfinished === 0;
    const killed = finishedFirst ? "after exit" : applied.includes(SLOW) ? "rolled back" : "committed";
    results.push({ trial, killAt, killed, recovered, error: next.error?.message.split("\n")[0] });
    console.log(`trial ${String(trial).padStart(2)}: SIGKILL at ${killAt.toFixed(0).padStart(4)} ms; killed run's work ${killed.padEnd(11)}; next up ${recovered ? "recovered, no manual step" : `NOT recovered: ${next.error?.message.split("\n")[0] ?? JSON.stringify(state)}`}`);
    await query(server.url, `DROP DATABASE ${name} WITH (FORCE)`);
  }
} finally {
  await server.stop();
  await rm(root, { recursive: true, force: true });
}

const ok = results.filter((r) => r.recovered).length;
const by = (k) => results.filter((r) => r.killed === k).length;
console.log(`\nschema-init crash stress: ${ok} of ${results.length} runs killed with SIGKILL at a random instant recovered with no manual step (${TRIALS} trials; the killed run's work was rolled back in ${by("rolled back")}, committed whole in ${by("committed")}, done before the kill in ${by("after exit")}).`);
console.log(ok === results.length ? "PASS" : "FAIL");
if (ok !== results.length) process.exitCode = 1;
