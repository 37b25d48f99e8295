// Every command a compose service runs exists in the built package its image
// ships: the service command, any `docker compose run` command the docs use,
// and the healthcheck, each answering --help from the built CLI.
import { execa } from "execa";
import { describe, expect, it } from "vitest";

import { healthcheckProcess, serviceProcess } from "../../src/rehearsal/service-process.js";
import { loadStack } from "../../src/stack.js";
import { missingBuilds } from "../helpers/built.js";

const stack = loadStack();
const missing = missingBuilds(stack.packages, ["@netraven/schema-init", "@netraven/backup"]);
const options = { variables: () => "placeholder" };

// Commander prints "Usage: <program> <subcommand> [options]" for a subcommand's help.
function usageLine(stdout: string): string {
  return `${/^Usage: .*$/m.exec(stdout)?.[0] ?? ""} `;
}

// [service, how it is started]; the healthcheck's own arguments come from the compose file.
const COMMANDS: [string, "service" | "healthcheck"][] = [
  ["schema-init", "service"],
  ["backup", "service"],
  ["backup", "healthcheck"],
];

describe.skipIf(missing.length > 0)(`service commands${missing.length > 0 ? ` (skipped: ${missing.join("; ")})` : ""}`, () => {
  it.each(COMMANDS)("%s %s command exists in the built CLI", async (service, kind) => {
    const proc = kind === "service" ? serviceProcess(stack, service, options) : healthcheckProcess(stack, service, options);
    const [node = "", ...args] = proc.argv;
    const [, subcommand = ""] = args;
    const result = await execa(node, [...args, "--help"], { reject: false, all: true });
    expect(result.exitCode, result.all).toBe(0);
    expect(usageLine(result.stdout)).toContain(` ${subcommand} `);
  });

  it("an unknown subcommand gets the program's usage instead (so the check above can fail)", async () => {
    const [node = "", entry = ""] = serviceProcess(stack, "backup", options).argv;
    const result = await execa(node, [entry, "no-such-command", "--help"], { reject: false, all: true });
    expect(usageLine(result.stdout)).not.toContain(" no-such-command ");
  });
});
