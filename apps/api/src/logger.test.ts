import { afterEach, describe, expect, it, vi } from "vitest";

import { renderLine } from "./log-destination.js";
import { createLogger, redactUrl, toLibraryLogger } from "./logger.js";

function capture(format: "json" | "text" | "pretty" = "json") {
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", format, color: false, destination: { write: (chunk: string) => void lines.push(...chunk.trimEnd().split("\n")) } });
  return { logger, lines };
}

afterEach(() => vi.unstubAllEnvs());

describe("createLogger", () => {
  it("writes log format v1 of the runtime: time (ISO 8601), level label, msg, context; nothing else", () => {
    const { logger, lines } = capture();
    logger.info({ name: "0001_init", durationMs: 12 }, "Applied migration");
    logger.fatal("pino's fatal folds onto error");
    const line = JSON.parse(lines[0] ?? "") as Record<string, unknown>;
    expect(Object.keys(line).sort()).toEqual(["durationMs", "level", "msg", "name", "time"]);
    expect(line).toMatchObject({ level: "info", msg: "Applied migration", name: "0001_init", durationMs: 12 });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
    expect((JSON.parse(lines[1] ?? "") as { level: string }).level).toBe("error");
  });

  it("masks secrets with the runtime's one rule set and mask, in context, nested objects, errors and messages", () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error("connect to postgresql://app:hunter2@db/x failed"), { code: "28P01" });
    logger.error({ password: "p1", nested: { apiKey: "k1", tokenVersion: 3 }, err: error }, "login with postgres://u:hunter3@h/d");
    const line = JSON.parse(lines[0] ?? "") as Record<string, unknown>;
    expect(line).toMatchObject({ password: "***", nested: { apiKey: "***", tokenVersion: 3 }, err: { type: "Error", code: "28P01" } });
    expect((line.err as { stack?: string }).stack).toContain("logger.test");
    expect(lines[0]).not.toMatch(/hunter|"p1"|"k1"/);
  });

  it("renders text and pretty lines with the runtime's writers, one line per record, uncoloured when asked", () => {
    const text = capture("text");
    text.logger.warn({ port: 5432 }, "waiting for PostgreSQL");
    expect(text.lines).toHaveLength(1);
    expect(text.lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARN waiting for PostgreSQL port=5432$/);
    const pretty = capture("pretty");
    pretty.logger.info({ a: 1 }, "hello");
    expect(pretty.lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO  hello a=1$/);
    expect(renderLine('{"time":"2026-12-01T11:00:00.000Z","level":"error","msg":"boom","err":{"type":"Error","message":"x","stack":"Error: x\\n    at f"}}', "text", false)).toBe(
      "2026-12-01T11:00:00.000Z ERROR boom err=\"Error: x\"",
    );
  });

  it("colours pretty lines only where the runtime's rules say (stderr here is no terminal; FORCE_COLOR wins over NO_COLOR)", () => {
    const pretty = (env: Record<string, string | undefined>) => {
      vi.unstubAllEnvs();
      for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
      const lines: string[] = [];
      createLogger({ format: "pretty", destination: { write: (chunk: string) => void lines.push(chunk) } }).info("hello");
      return lines.join("");
    };
    const ESC = String.fromCodePoint(27);
    expect(pretty({ FORCE_COLOR: undefined, NO_COLOR: undefined })).not.toContain(ESC);
    expect(pretty({ FORCE_COLOR: "1", NO_COLOR: "1" })).toContain(`${ESC}[32mINFO`);
    expect(pretty({ FORCE_COLOR: "0" })).not.toContain(ESC);
    const text = capture("text");
    vi.stubEnv("FORCE_COLOR", "1");
    text.logger.info("plain");
    expect(text.lines.join("")).not.toContain(ESC);
  });

  it("adapts to the runtime's Logger with child bindings", () => {
    const { logger, lines } = capture();
    toLibraryLogger(logger).child({ component: "wait" }).info("waiting", { secret: "s3" });
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ level: "info", msg: "waiting", component: "wait", secret: "***" });
  });
});

describe("redactUrl", () => {
  it("masks the values of secret-looking query parameters and keeps the rest", () => {
    expect(redactUrl("/api/devices?hostname=core&access_token=abc&Password=x&apiKey=k&limit=5")).toBe("/api/devices?hostname=core&access_token=***&Password=***&apiKey=***&limit=5");
    expect(redactUrl("/api/devices")).toBe("/api/devices");
    expect(redactUrl("/x?%70assword=secret&flag")).toBe("/x?%70assword=***&flag");
  });
});
