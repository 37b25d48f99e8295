import { describe, expect, it } from "vitest";

import { compareCounts } from "./restore-test.js";

describe("compareCounts", () => {
  it("names every missing, extra and different table", () => {
    expect(compareCounts({ "public.a": 1, "public.b": 2, "public.c": 3 }, { "public.a": 1, "public.b": 5, "public.d": 0 })).toEqual([
      "table public.b has 5 rows after the restore, the manifest recorded 2",
      "table public.c is missing after the restore",
      "table public.d appeared in the restore but not in the manifest",
    ]);
  });

  it("finds nothing to compare when counting was off", () => {
    expect(compareCounts(null, { "public.a": 1 })).toEqual([]);
  });
});
