import { fileURLToPath } from "node:url";

import { execa } from "execa";
import { describe, expect, it } from "vitest";

import { SHARED_EXIT_CODE_ROWS } from "../../src/index.js";

// A real child process on the built package: signals, pipes and exit codes are the process's own.
const cli = fileURLToPath(new URL("../fixtures/demo-cli.mjs", import.meta.url));
const run = (args: string[], options: { input?: string } = {}) => execa("node", [cli, ...args], { reject: false, ...options });

describe("runCli in a real process", () => {
  it("--version prints the version", async () => {
    const result = await run(["--version"]);
    expect([result.exitCode, result.stdout, result.stderr]).toEqual([0, "1.2.3", ""]);
  });

  it("--help lists commands, the environment and every shared exit code plus the program's", async () => {
    const result = await run(["--help"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Usage: demo");
    expect(result.stdout).toContain("Environment:\n  DATABASE_URL");
    for (const row of SHARED_EXIT_CODE_ROWS) expect(result.stdout).toContain(`  ${String(row.code).padEnd(4)} ${row.meaning}`);
    expect(result.stdout).toContain("  10   status: something is pending");
  });

  it("an unknown command is a short usage error, exit 64", async () => {
    const result = await run(["frobnicate"]);
    expect(result.exitCode).toBe(64);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("demo: unknown command 'frobnicate'. Run 'demo --help' for usage.");
  });

  it("no command is a short usage error listing the commands, not the whole help", async () => {
    const result = await run([]);
    expect(result.exitCode).toBe(64);
    expect(result.stderr).toBe("demo: missing command (one of: ok, status, fail-config, bug, wait, wait-json, stubborn, spam, echo). Run 'demo --help' for usage.");
  });

  it("a bad flag of a subcommand points at that command's help", async () => {
    const result = await run(["echo", "--frob", "x"]);
    expect(result.exitCode).toBe(64);
    expect(result.stderr).toBe("demo: unknown option '--frob'. Run 'demo echo --help' for usage.");
  });

  it("a missing argument is a short usage error; with --json also a JSON error object", async () => {
    const result = await run(["echo", "--json"]);
    expect(result.exitCode).toBe(64);
    expect(result.stderr.split("\n")).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toEqual({ version: 1, ok: false, error: { code: "USAGE", exitCode: 64, message: "missing required argument 'words'", retryable: false, context: {} } });
  });

  it("strips one leading -- (pnpm passes it through)", async () => {
    const result = await run(["--", "echo", "--upper", "a", "b"]);
    expect([result.exitCode, result.stdout]).toEqual([0, "A B"]);
  });

  it("returns the command's exit code", async () => {
    expect((await run(["status"])).exitCode).toBe(10);
  });

  it("--json results carry version 1 first", async () => {
    const result = await run(["ok", "--json"]);
    expect(result.exitCode).toBe(0);
    expect(Object.keys(JSON.parse(result.stdout))[0]).toBe("version");
    expect(JSON.parse(result.stdout)).toEqual({ version: 1, ok: true, answer: 42 });
  });

  it("a typed error: its exit code, a redacted one-line message, no stack; --json error object", async () => {
    const result = await run(["fail-config", "--json"]);
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toBe("demo: error: DATABASE_URL is wrong (postgresql://u:***@h/d, also ***)");
    const parsed = JSON.parse(result.stdout);
    expect(parsed).toEqual({
      version: 1,
      ok: false,
      error: { code: "CONFIG_INVALID", exitCode: 78, message: "DATABASE_URL is wrong (postgresql://u:***@h/d, also ***)", retryable: false, context: { variable: "DATABASE_URL", password: "***" } },
    });
    expect(result.stdout + result.stderr).not.toMatch(/hunter2/);
  });

  it("an internal error exits 1 with a redacted stack trace", async () => {
    const result = await run(["bug"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^demo: error: boom at postgresql:\/\/u:\*\*\*@h\/d\nTypeError: boom/);
    expect(result.stderr).toMatch(/at .*demo-cli\.mjs/);
    expect(result.stderr).not.toContain("hunter2");
  });

  it.each(["SIGTERM", "SIGINT"] as const)("%s aborts the command: exit 130", async (signal) => {
    const child = run(["wait"]);
    await waitForStderr(child, "waiting");
    child.kill(signal);
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toContain(`demo: received ${signal}; stopping (send it again to exit at once)`);
    expect(result.stderr).toContain(`demo: error: interrupted by ${signal}`);
  });

  it("the signal line goes through the command's logger once it has one, so JSON logs stay JSON", async () => {
    const child = run(["wait-json"]);
    await waitForStderr(child, "waiting");
    child.kill("SIGTERM");
    const result = await child;
    expect(result.exitCode).toBe(130);
    const logLines = result.stderr.split("\n").filter((line) => line.startsWith("{"));
    expect(logLines.map((line) => JSON.parse(line) as { level: string; msg: string })).toContainEqual(
      expect.objectContaining({ level: "warn", msg: "received SIGTERM; stopping (send it again to exit at once)", signal: "SIGTERM" }),
    );
    expect(result.stderr).not.toContain("demo: received");
  });

  it("a second signal exits 130 at once when the command ignores the first", async () => {
    const child = run(["stubborn"]);
    await waitForStderr(child, "waiting");
    child.kill("SIGTERM");
    await waitForStderr(child, "stopping");
    child.kill("SIGTERM");
    const result = await child;
    expect(result.exitCode).toBe(130);
  });

  it("a reader that closes the pipe early (| head -c1) is no crash", async () => {
    const result = await execa("sh", ["-c", `{ node ${JSON.stringify(cli)} spam; echo "node exit=$?" >&2; } | head -c1`], { reject: false });
    expect(result.stdout).toBe("l");
    expect(result.stderr).toBe("spam done\nnode exit=0");
  });
});

function waitForStderr(child: ReturnType<typeof run>, text: string): Promise<void> {
  return new Promise((resolve) => {
    let seen = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve();
    });
  });
}
