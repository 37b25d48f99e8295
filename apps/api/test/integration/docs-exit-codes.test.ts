import { readFile } from "node:fs/promises";

import { exitCodeRows, formatExitCodeMarkdown } from "@netraven/runtime";
import { describe, expect, it } from "vitest";

import { ConfigSchema } from "../../src/config.js";
import { API_EXIT_CODE_ROWS } from "../../src/exit-codes.js";
import { runStart } from "../helpers/start-entry.js";

const DOCS = new URL("../../../../docs/api.md", import.meta.url);

describe("docs/api.md", () => {
  it("shows the exit-code table --help prints: the shared rows plus the API's", async () => {
    const docs = await readFile(DOCS, "utf8");
    const block = /<!-- exit-codes:start -->\n([\s\S]*?)\n<!-- exit-codes:end -->/.exec(docs)?.[1];
    expect(block).toBe(formatExitCodeMarkdown(API_EXIT_CODE_ROWS));
    const help = (await runStart({}, ["--help"])).stdout;
    const shown = help.slice(help.indexOf("Exit codes:\n") + "Exit codes:\n".length).trimEnd().split("\n");
    expect(shown).toEqual(exitCodeRows(API_EXIT_CODE_ROWS).map((row) => `  ${String(row.code).padEnd(4)} ${row.meaning}`));
  });

  it("documents every variable the API reads", async () => {
    const docs = await readFile(DOCS, "utf8");
    const missing = Object.keys(ConfigSchema.shape).filter((name) => !docs.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
