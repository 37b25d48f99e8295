import { describe, expect, it } from "vitest";

import type { Progress } from "../progress/table-progress.js";
import { createProgressRenderer, formatElapsed, progressPayload } from "./progress-renderer.js";

const sample: Progress = {
  phase: "dump",
  totalBytes: 10 * 1024 * 1024,
  doneBytes: 3 * 1024 * 1024,
  percent: 30,
  bytesPerSecond: 1536,
  etaSeconds: 83,
  table: "public.devices",
  tablesDone: 2,
  tablesTotal: 5,
  elapsedMs: 2000,
  done: false,
};

describe("progress", () => {
  it("formats amounts, rate and ETA for people", () => {
    expect(formatElapsed(3_723_000)).toBe("1:02:03");
    expect(progressPayload(sample)).toEqual({ phase: "dump", amount: "3.0 MiB/10.0 MiB", rate: "1.5 KiB/s", etaText: "01:23", table: "public.devices" });
    expect(progressPayload({ ...sample, totalBytes: null, etaSeconds: null })).toMatchObject({ amount: "3.0 MiB", etaText: "--:--" });
  });

  it("writes one JSON object per sample in json mode", () => {
    const out: string[] = [];
    const stream = { write: (s: string) => out.push(s) };
    createProgressRenderer(stream, "json")(sample);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0]!)).toMatchObject({ msg: "progress", phase: "dump", percent: 30, table: "public.devices" });
  });
});
