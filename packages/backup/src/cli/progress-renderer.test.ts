import { describe, expect, it } from "vitest";

import { createProgressRenderer, formatElapsed, formatProgress } from "./progress-renderer.js";

const sample = { phase: "dump" as const, bytes: 3 * 1024 * 1024, elapsedMs: 83_000, bytesPerSecond: 1536, done: false };

describe("progress", () => {
  it("formats bytes, rate and elapsed time for people", () => {
    expect(formatElapsed(3_723_000)).toBe("1:02:03");
    expect(formatProgress(sample)).toBe("dump 3.0 MiB  1.5 KiB/s  01:23");
  });

  it("rewrites one line on a terminal and writes JSON lines elsewhere", () => {
    const out: string[] = [];
    createProgressRenderer({ write: (s: string) => out.push(s) }, true)({ ...sample, done: true });
    createProgressRenderer({ write: (s: string) => out.push(s) }, false)(sample);
    expect(out[0]).toMatch(/^\r\x1b\[2Kdump 3\.0 MiB.*\n$/);
    expect(JSON.parse(out[1]!)).toMatchObject({ msg: "progress", phase: "dump", bytes: 3145728, elapsedMs: 83000 });
  });
});
