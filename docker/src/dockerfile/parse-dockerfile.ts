import { readFileSync } from "node:fs";

import { dockerfilePath } from "../paths.js";

/** One instruction with continuation lines joined and comments removed. */
export interface Instruction {
  keyword: string;
  /** Everything after the keyword, as written (flags included). */
  args: string;
  /** 1-based line where the instruction starts. */
  line: number;
}

/** A build stage: `FROM <from> [AS <name>]` and what follows until the next FROM. */
export interface Stage {
  name: string | undefined;
  from: string;
  instructions: Instruction[];
}

/** A parsed Dockerfile. */
export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults (usable in FROM lines). */
  globalArgs: Record<string, string | undefined>;
  stages: Stage[];
}

function joinLines(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let current: { text: string; line: number } | undefined;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const trimmed = raw.trim();
    // Comment lines (parser directives included) are dropped, even inside a continuation.
    if (trimmed.startsWith("#") || (trimmed === "" && !current)) continue;
    const continues = trimmed.endsWith("\\");
    const piece = continues ? trimmed.slice(0, -1).trim() : trimmed;
    current = current ? { ...current, text: `${current.text} ${piece}` } : { text: piece, line: index + 1 };
    if (!continues) {
      const [keyword = "", ...rest] = current.text.split(/\s+/);
      instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(" "), line: current.line });
      current = undefined;
    }
  }
  return instructions;
}

/** Parses Dockerfile text into global ARGs and stages. */
export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Record<string, string | undefined> = {};
  const stages: Stage[] = [];
  for (const instruction of joinLines(text)) {
    if (instruction.keyword === "FROM") {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith("--"));
      const asIndex = words.findIndex((word) => word.toUpperCase() === "AS");
      stages.push({ from: words[0] ?? "", name: asIndex >= 0 ? words[asIndex + 1] : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === "ARG") {
        const [name = "", value] = instruction.args.split("=", 2);
        globalArgs[name.trim()] = value?.trim();
      }
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** Reads and parses `docker/Dockerfile` (or another Dockerfile). */
export function loadDockerfile(file = dockerfilePath): Dockerfile {
  return parseDockerfile(readFileSync(file, "utf8"));
}
