import type { Dockerfile, Instruction, Stage } from "./parse-dockerfile.js";

/** Substitutes `${NAME}` and `$NAME` from the given ARG values. */
export function substituteArgs(text: string, args: Record<string, string | undefined>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, bare?: string) => {
    const value = args[braced ?? bare ?? ""];
    return value ?? whole;
  });
}

/** Finds a stage by name. */
export function findStage(dockerfile: Dockerfile, name: string): Stage | undefined {
  return dockerfile.stages.find((stage) => stage.name === name);
}

/**
 * The stages a target is built from, base first: `FROM runtime AS api` gives
 * [runtime, api]. The first element's `from` is an external image.
 */
export function stageChain(dockerfile: Dockerfile, target: string): Stage[] {
  const chain: Stage[] = [];
  let stage = findStage(dockerfile, target);
  while (stage) {
    if (chain.includes(stage)) throw new Error(`FROM cycle at stage ${stage.name ?? "?"}`);
    chain.unshift(stage);
    stage = findStage(dockerfile, stage.from);
  }
  return chain;
}

/** Every instruction of a target, base stages first. */
export function chainInstructions(dockerfile: Dockerfile, target: string): Instruction[] {
  return stageChain(dockerfile, target).flatMap((stage) => stage.instructions);
}

/** The last instruction with this keyword along the chain (what the image ends up with). */
export function lastInstruction(dockerfile: Dockerfile, target: string, keyword: string): Instruction | undefined {
  return chainInstructions(dockerfile, target).findLast((instruction) => instruction.keyword === keyword);
}

/** Parses an exec-form (JSON array) instruction argument; undefined for shell form. */
export function execForm(args: string | undefined): string[] | undefined {
  if (!args?.trim().startsWith("[")) return undefined;
  const parsed = JSON.parse(args) as unknown;
  return Array.isArray(parsed) && parsed.every((item) => typeof item === "string") ? parsed : undefined;
}

/** ENV values along a target's chain, ARGs substituted (later ENVs win). */
export function imageEnvironment(dockerfile: Dockerfile, target: string): Record<string, string> {
  // As in Docker, a stage sees a global ARG only after redeclaring it (`ARG NAME`).
  const args: Record<string, string | undefined> = {};
  const env: Record<string, string> = {};
  for (const instruction of chainInstructions(dockerfile, target)) {
    if (instruction.keyword === "ARG") {
      const [name = "", value] = instruction.args.split("=", 2);
      args[name.trim()] = value?.trim() ?? dockerfile.globalArgs[name.trim()];
    } else if (instruction.keyword === "ENV") {
      for (const match of instruction.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) {
        const raw = (match[2] ?? "").replace(/^"|"$/g, "");
        env[match[1] ?? ""] = substituteArgs(raw, { ...args, ...env });
      }
    }
  }
  return env;
}

/** LABEL key/value pairs along a target's chain. */
export function imageLabels(dockerfile: Dockerfile, target: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const instruction of chainInstructions(dockerfile, target)) {
    if (instruction.keyword !== "LABEL") continue;
    for (const match of instruction.args.matchAll(/([A-Za-z0-9_.-]+)=("[^"]*"|\S+)/g)) {
      labels[match[1] ?? ""] = (match[2] ?? "").replace(/^"|"$/g, "");
    }
  }
  return labels;
}
