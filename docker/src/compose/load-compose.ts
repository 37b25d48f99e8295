import { readFileSync } from "node:fs";

import { parse } from "yaml";

import { composeFilePath } from "../paths.js";
import type { ComposeFile } from "./types.js";

/** Parses compose YAML (anchors and aliases resolved, variables left as written). */
export function parseCompose(text: string): ComposeFile {
  const document = parse(text, { maxAliasCount: 100 }) as unknown;
  if (typeof document !== "object" || document === null || !("services" in document)) {
    throw new Error("Not a compose file: the top level has no `services`.");
  }
  return document as ComposeFile;
}

/** Reads and parses `docker/docker-compose.yml` (or another compose file). */
export function loadCompose(file = composeFilePath): ComposeFile {
  return parseCompose(readFileSync(file, "utf8"));
}
