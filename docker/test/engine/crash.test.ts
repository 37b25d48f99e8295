// SIGKILL of the schema-init container in the middle of a migration, then
// `up` again: the stack must recover on its own. The migration is made slow
// the way production makes it slow: a session holds a lock it needs (here an
// uncommitted CREATE TABLE of the first table the first migration creates).
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";

import { docker, dockerBin, waitFor } from "./helpers/engine.js";
import { freePorts, Stack } from "./helpers/stack.js";

const stack = new Stack(`nrtest-crash-${process.pid}`, await freePorts());

describe("schema-init killed during a migration", () => {
  afterAll(async () => {
    await stack.down();
  });

  it("recovers on the next `up`", async () => {
    await stack.composeOk(["up", "--detach", "postgres"]);
    await stack.healthy("postgres");
    const postgres = await stack.container("postgres");
    const blocker = execa(dockerBin, ["exec", "-i", postgres.Id, "psql", "-U", "netraven", "-d", "netraven", "-AtX", "-v", "ON_ERROR_STOP=1"], { reject: false, all: true });
    let held = "";
    blocker.stdout.on("data", (chunk: Buffer) => (held += chunk.toString()));
    blocker.stdin.write("BEGIN;\nCREATE TABLE users (id int);\nSELECT 'held';\n");
    await waitFor("the blocking session", async () => (held.includes("held") ? true : undefined), 30_000);

    await stack.composeOk(["up", "--detach", "schema-init"]);
    // schema-init is inside the migration, waiting for the lock.
    await waitFor("schema-init to block inside the migration", async () => {
      const waiting = await stack.sql(`SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%CREATE TABLE "users"%'`);
      return waiting === "1" ? true : undefined;
    }, 120_000);
    const init = await stack.container("schema-init");
    expect((await docker(["kill", "--signal", "KILL", init.Id])).exitCode).toBe(0);
    expect(await stack.exited("schema-init")).toBe(137);
    blocker.stdin.end("ROLLBACK;\n");
    await blocker;
    // The killed client's server session finishes or fails on its own; wait until it is gone.
    await waitFor("the killed run's session to end", async () => {
      const left = await stack.sql(`SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%CREATE TABLE "users"%' AND pid <> pg_backend_pid()`);
      return left === "0" ? true : undefined;
    }, 60_000);

    const again = await stack.compose(["up", "--detach"]);
    expect(again.exitCode, `${again.all}\n${(await stack.compose(["logs", "--no-color", "schema-init"])).all}`).toBe(0);
    await stack.healthy("api");
    const validate = await stack.compose(["run", "--rm", "schema-init", "validate"]);
    expect(validate.exitCode, validate.all).toBe(0);
  });
});
