import { describe, expect, it } from "vitest";

import { detectColor } from "./color.js";
import type { CreateLoggerOptions } from "./logger.js";
import { createLogger } from "./logger.js";

const ANSI = /\u001B\[/;
const at = new Date("2026-12-01T11:00:00.000Z");

function capture(options: CreateLoggerOptions & { isTTY?: boolean; hasColors?: () => boolean } = {}) {
  const lines: string[] = [];
  const stream = { write: (chunk: string) => lines.push(chunk), isTTY: options.isTTY, hasColors: options.hasColors };
  return { lines, logger: createLogger({ now: () => at, ...options, stream }) };
}

describe("json writer (log format version 1)", () => {
  it("writes exactly time, level, msg, then the context, one object per line", () => {
    const { lines, logger } = capture({ format: "json" });
    logger.info("Applied migration", { name: "0001_init", durationMs: 12 });
    expect(lines).toEqual(['{"time":"2026-12-01T11:00:00.000Z","level":"info","msg":"Applied migration","name":"0001_init","durationMs":12}\n']);
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual(["time", "level", "msg", "name", "durationMs"]);
  });

  it("keeps the three fields when the context has keys of the same name", () => {
    const { lines, logger } = capture({ format: "json" });
    logger.warn("x", { msg: "y", level: 3 });
    expect(JSON.parse(lines[0]!)).toEqual({ time: at.toISOString(), level: "warn", msg: "x", "ctx.msg": "y", "ctx.level": 3 });
  });

  it("redacts message, context and literal secrets; child bindings carry over", () => {
    const { lines, logger } = capture({ format: "json", secrets: ["hunter22"] });
    logger.child({ component: "wait" }).error("connect postgres://u:pw@h/d failed, hunter22", { password: "pw", target: "postgresql://u:pw@h/d" });
    const line = JSON.parse(lines[0]!);
    expect(line).toEqual({ time: at.toISOString(), level: "error", msg: "connect postgres://u:***@h/d failed, ***", component: "wait", password: "***", target: "postgresql://u:***@h/d" });
  });
});

describe("text writer", () => {
  it("is plain: ISO time, upper-case level, message, key=value", () => {
    const { lines, logger } = capture({ format: "text", isTTY: true, hasColors: () => true });
    logger.info("Waiting for PostgreSQL", { target: "postgresql://h:5432/d", attempt: 2, reason: "connection refused" });
    expect(lines).toEqual(['2026-12-01T11:00:00.000Z INFO Waiting for PostgreSQL target=postgresql://h:5432/d attempt=2 reason="connection refused"\n']);
    expect(lines[0]).not.toMatch(ANSI);
  });

  it("filters by level", () => {
    const { lines, logger } = capture({ level: "warn" });
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(lines.map((l) => l.split(" ")[1])).toEqual(["WARN", "ERROR"]);
  });

  it("writes debug lines at level debug", () => {
    const { lines, logger } = capture({ level: "debug" });
    logger.debug("d");
    expect(lines).toHaveLength(1);
  });
});

describe("pretty writer", () => {
  it("has no ANSI codes when the stream is not a TTY", () => {
    const { lines, logger } = capture({ format: "pretty", isTTY: false });
    logger.warn("multi\nline", { a: 1 });
    expect(lines[0]).not.toMatch(ANSI);
    expect(lines[0]).toBe("11:00:00.000 WARN  multi\n    line a=1\n");
  });

  it("is coloured on a TTY with colours, or when asked", () => {
    expect(capture({ format: "pretty", color: true }).logger).toBeDefined();
    const { lines, logger } = capture({ format: "pretty", color: true });
    logger.error("boom");
    expect(lines[0]).toMatch(ANSI);
  });
});

describe("detectColor", () => {
  const tty = { isTTY: true, hasColors: () => true };
  it.each([
    [tty, {}, true],
    [{ isTTY: false }, {}, false],
    [{}, {}, false],
    [tty, { NO_COLOR: "1" }, false],
    [tty, { NO_COLOR: "" }, true],
    [{ isTTY: false }, { FORCE_COLOR: "1" }, true],
    [{ isTTY: false }, { FORCE_COLOR: "3" }, true],
    [tty, { FORCE_COLOR: "0" }, false],
    [tty, { FORCE_COLOR: "1", NO_COLOR: "1" }, true],
    [{ isTTY: true, hasColors: () => false }, {}, false],
  ])("%o with %o: %s", (stream, env, expected) => {
    expect(detectColor(stream, env)).toBe(expected);
  });
});
