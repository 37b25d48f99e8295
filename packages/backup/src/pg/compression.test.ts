import { describe, expect, it } from "vitest";

import { UnsupportedCompressionError } from "../errors.js";
import { compressionArgs, parseCompression } from "./compression.js";

describe("compression", () => {
  it("parses methods and levels, and names bad input", () => {
    expect(parseCompression("gzip")).toEqual({ method: "gzip", level: undefined });
    expect(parseCompression("ZSTD:19")).toEqual({ method: "zstd", level: 19 });
    expect(parseCompression("lz4:13")).toBe("lz4 levels run from 1 to 12, not 13");
    expect(parseCompression("none:1")).toBe('"none" takes no level');
    expect(parseCompression("brotli")).toMatch(/not a compression/);
  });

  it("maps gzip to -Z for every pg_dump, and zstd/lz4 to --compress only from pg_dump 16", () => {
    expect(compressionArgs({ method: "gzip", level: 1 }, 130000, "13.0")).toEqual(["-Z", "1"]);
    expect(compressionArgs({ method: "none", level: undefined }, 150000, "15.0")).toEqual(["-Z", "0"]);
    expect(compressionArgs({ method: "zstd", level: 3 }, 160001, "16.1")).toEqual(["--compress=zstd:3"]);
    expect(() => compressionArgs({ method: "zstd", level: 3 }, 150018, "15.18")).toThrow(UnsupportedCompressionError);
    expect(() => compressionArgs({ method: "lz4", level: undefined }, 150018, "15.18")).toThrow(/needs pg_dump 16 or newer, but pg_dump 15.18 was found/);
  });
});
