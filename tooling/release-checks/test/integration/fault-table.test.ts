// The same fault must end the same way in every NetRaven program: the same
// exit code, the runtime's message shape, no secret in any output, and quiet
// waiting. Each program runs as a real process of its built entry against a
// real PostgreSQL (the db-schema harness) or a real refused port / bad name.
// A row is one fault; its programs run concurrently.
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { ident, runAdmin, useTestDatabase, withDatabase } from "@netraven/db-schema/testing";
import { findFreePort } from "@netraven/runtime/embedded-postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { missingBuilds } from "../helpers/built.js";
import { describeRun, faultProblems, runLimitMs, waitDeadlineMs } from "../helpers/fault-checks.js";
import type { FaultTargets } from "../helpers/faults.js";
import { FAULTS } from "../helpers/faults.js";
import { PROGRAMS } from "../helpers/programs.js";
import { baseEnv, runProgram } from "../helpers/run-program.js";
import { workspacePackages } from "../helpers/workspace.js";

const missing = missingBuilds(workspacePackages(), ["@netraven/schema-init", "@netraven/backup", "@netraven/api"]);
const database = useTestDatabase();
const secret = (label: string) => `${label}-${randomBytes(8).toString("hex")}`;

let root = "";
// Shared by every cell but the missing database, which is one per cell: a program that wrongly creates it must not
// make another program's row pass or fail.
let shared: Omit<FaultTargets, "missingDatabase">;
const role = `nr_fault_${randomBytes(4).toString("hex")}`;
const missingNames: string[] = [];

function targetsForCell(): FaultTargets {
  const name = `nr_missing_${randomBytes(4).toString("hex")}`;
  missingNames.push(name);
  return { ...shared, missingDatabase: { url: withDatabase(database().adminUrl, name), name } };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "netraven-fault-table-"));
  const db = database();
  const ownPassword = secret("own-pw");
  await runAdmin(db.adminUrl, [`CREATE ROLE ${ident(role)} LOGIN PASSWORD '${ownPassword}'`]);
  const wrong = secret("wrong-pw");
  const [downSecret, unreachableSecret] = [secret("down-pw"), secret("unreachable-pw")];
  const admin = new URL(db.adminUrl);
  shared = {
    goodUrl: db.url,
    wrongPassword: { url: `postgresql://${role}:${wrong}@${admin.host}/${db.name}`, user: role, secrets: [wrong, ownPassword] },
    downUrl: `postgresql://netraven:${downSecret}@127.0.0.1:${await findFreePort()}/netraven`,
    unreachableUrl: `postgresql://netraven:${unreachableSecret}@nr-fault-host.invalid:5432/netraven`,
    urlSecrets: [downSecret, unreachableSecret],
  };
});

afterAll(async () => {
  const db = database();
  const drops = missingNames.map((name) => `DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
  await runAdmin(db.adminUrl, [...drops, `DROP ROLE IF EXISTS ${ident(role)}`]).catch(() => undefined);
  if (root) await rm(root, { recursive: true, force: true });
});

// Only to ask a fault which variables it sets, before the real targets exist.
const placeholderTargets: FaultTargets = {
  goodUrl: "",
  wrongPassword: { url: "", user: "", secrets: [] },
  missingDatabase: { url: "", name: "" },
  downUrl: "",
  unreachableUrl: "",
  urlSecrets: [],
};

let cell = 0;
async function cellDir(): Promise<{ home: string; backupDir: string; stateDir: string }> {
  const home = path.join(root, `run-${++cell}`);
  const dirs = { home, backupDir: path.join(home, "backups"), stateDir: path.join(home, "state") };
  await Promise.all([mkdir(dirs.backupDir, { recursive: true }), mkdir(dirs.stateDir, { recursive: true })]);
  return dirs;
}

describe.skipIf(missing.length > 0)(`fault table${missing.length > 0 ? ` (skipped: ${missing.join("; ")})` : ""}`, () => {
  for (const fault of FAULTS) {
    describe.concurrent(fault.id, () => {
      for (const program of PROGRAMS) {
        // LOG_FORMAT=json: the whole stderr stream must be JSON lines, the failure's report included. Not for usage
        // errors (one line for the person at the terminal) nor where the fault is LOG_FORMAT's own value.
        const jsonLogs = fault.shape === "error" && !("LOG_FORMAT" in fault.env(placeholderTargets, program));
        const variants = [{ json: false, jsonLogs: false }, ...(program.json ? [{ json: true, jsonLogs: false }] : []), ...(jsonLogs ? [{ json: false, jsonLogs: true }] : [])];
        for (const { json, jsonLogs: logsAsJson } of variants) {
          it(`${program.name}${json ? " --json" : ""}${logsAsJson ? " LOG_FORMAT=json" : ""}`, { timeout: runLimitMs(fault) + 10_000 }, async () => {
            const dirs = await cellDir();
            const targets = targetsForCell();
            const args = [...(fault.args ? fault.args(program) : program.connectArgs), ...(json ? ["--json"] : [])];
            const env = {
              ...baseEnv(dirs.home),
              ...program.env(dirs),
              [program.waitVariable]: String(waitDeadlineMs(fault)),
              ...(logsAsJson ? { LOG_FORMAT: "json" } : {}),
              ...fault.env(targets, program),
            };
            const run = await runProgram(program, { args, env, cwd: dirs.home, limitMs: runLimitMs(fault) });
            expect(faultProblems(run, fault, program, targets, { json, jsonLogs: logsAsJson }), `${describeRun(run)}\n--- stderr ---\n${run.stderr}\n--- stdout ---\n${run.stdout}`).toEqual([]);
          });
        }
      }
    });
  }
});
