import { describe, expect, it } from "vitest";

import type { Progress } from "./table-progress.js";
import { PG_DUMP_TABLE_LINE, trackTableProgress } from "./table-progress.js";

describe("trackTableProgress", () => {
  it("counts a table done when the next starts, weighs it by size, and ends at 100 %", () => {
    const samples: Progress[] = [];
    const tracker = trackTableProgress({ phase: "dump", tableBytes: { "public.a": 300, "public.b": 700 }, startsTable: PG_DUMP_TABLE_LINE, onProgress: (p) => samples.push(p), intervalMs: 60_000 });
    tracker.onLine('pg_dump: dumping contents of table "public.a"');
    tracker.onLine("pg_dump: reading indexes");
    tracker.onLine('pg_dump: dumping contents of table "public.b"');
    tracker.stop(true);
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({ totalBytes: 1000, doneBytes: 1000, percent: 100, etaSeconds: 0, tablesDone: 2, tablesTotal: 2, table: "public.b", done: true });
  });

  it("reports no percentage without sizes, and keeps what was done on failure", () => {
    const samples: Progress[] = [];
    const tracker = trackTableProgress({ phase: "restore", tableBytes: undefined, startsTable: PG_DUMP_TABLE_LINE, onProgress: (p) => samples.push(p), intervalMs: 60_000 });
    tracker.stop(false);
    expect(samples[0]).toMatchObject({ totalBytes: null, percent: null, etaSeconds: null, done: true });
  });
});

describe("trackTableProgress within a table", () => {
  it("counts the copied share of the table being copied, short of all of it", () => {
    const samples: Progress[] = [];
    const tracker = trackTableProgress({
      phase: "restore",
      tableBytes: { "public.big": 1000 },
      expectedRows: { "public.big": 200 },
      startsTable: PG_DUMP_TABLE_LINE,
      onProgress: (p) => samples.push(p),
      intervalMs: 60_000,
    });
    tracker.onLine('pg_dump: dumping contents of table "public.big"');
    tracker.setRows("public.big", 50);
    tracker.stop(false);
    expect(samples[0]).toMatchObject({ doneBytes: 250, percent: 25 });
  });
});
