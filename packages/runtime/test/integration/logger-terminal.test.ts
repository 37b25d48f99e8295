import { fileURLToPath } from "node:url";

import { execa } from "execa";
import { describe, expect, it } from "vitest";

// Colour is decided on the real stream: a pseudo-terminal from script(1), or a pipe.
const fixture = fileURLToPath(new URL("../fixtures/log-pretty.mjs", import.meta.url));
const ANSI = /\u001B\[\d+m/;
// FORCE_COLOR and NO_COLOR of the test runner itself must not leak in, nor CI: Node's tty.hasColors() (whose
// rules the logger follows) counts a terminal under an unnamed CI=true as colourless, as in `CI=true .ci/run`.
const baseEnv = { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, CI: undefined, TERM: "xterm-256color" };

function onTerminal(env: Record<string, string | undefined>, format = "pretty") {
  // script runs the command on a new pseudo-terminal; its stdout carries what the terminal showed.
  return execa("script", ["-qec", `node ${fixture} ${format} 2>&1`, "/dev/null"], { env: { ...baseEnv, ...env }, extendEnv: false });
}

describe("pretty logs on a real terminal and a pipe", () => {
  it("are coloured on a TTY", async () => {
    expect((await onTerminal({})).stdout).toMatch(ANSI);
  });

  it("are plain on a TTY with NO_COLOR=1, or FORCE_COLOR=0", async () => {
    expect((await onTerminal({ NO_COLOR: "1" })).stdout).not.toMatch(ANSI);
    expect((await onTerminal({ FORCE_COLOR: "0" })).stdout).not.toMatch(ANSI);
    expect((await onTerminal({ NO_COLOR: "1" })).stdout).toContain("WARN  disk almost full freeBytes=1024");
  });

  it("text is plain even on a TTY", async () => {
    expect((await onTerminal({ FORCE_COLOR: "1" }, "text")).stdout).not.toMatch(ANSI);
  });

  it("are plain when redirected to a pipe, unless FORCE_COLOR=1", async () => {
    const piped = await execa("node", [fixture], { env: baseEnv, extendEnv: false });
    expect(piped.stderr).not.toMatch(ANSI);
    expect(piped.stderr).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN {2}disk almost full freeBytes=1024$/);
    const forced = await execa("node", [fixture], { env: { ...baseEnv, FORCE_COLOR: "1" }, extendEnv: false });
    expect(forced.stderr).toMatch(ANSI);
  });
});
