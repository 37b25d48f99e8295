import { readFileSync } from "node:fs";
import path from "node:path";

import { parse } from "yaml";

import { composeFilePath, dockerfilePath, envExamplePath, repoRoot } from "./paths.js";

/** The parts of a compose service the checks read, as written in the file. */
export interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string | null>;
  /** Short syntax only (what our file uses). */
  ports?: string[];
  read_only?: boolean;
  cap_drop?: string[];
  security_opt?: string[];
}

/** The committed stack files, read as text or plain YAML: the compose tool's own `config` is the truth on semantics. */
export interface StackFiles {
  composeText: string;
  compose: { services: Record<string, ComposeService> };
  dockerfile: string;
  envExample: string;
  packageManager: string;
  lockfile: string;
}

export function loadStackFiles(): StackFiles {
  const composeText = readFileSync(composeFilePath, "utf8");
  return {
    composeText,
    compose: parse(composeText, { maxAliasCount: 100 }) as StackFiles["compose"],
    dockerfile: readFileSync(dockerfilePath, "utf8"),
    envExample: readFileSync(envExamplePath, "utf8"),
    packageManager: (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { packageManager: string }).packageManager,
    lockfile: readFileSync(path.join(repoRoot, "pnpm-lock.yaml"), "utf8"),
  };
}

/** The keys of a .env file's `KEY=value` lines, with their values. */
export function envEntries(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const match of text.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)) entries.set(match[1] ?? "", (match[2] ?? "").trim());
  return entries;
}
