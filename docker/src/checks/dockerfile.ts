import type { Dockerfile } from "../dockerfile/parse-dockerfile.js";
import { chainInstructions, execForm, findStage, lastInstruction, stageChain } from "../dockerfile/stage-chain.js";

/** The Dockerfile targets the compose file builds. */
export const RUNTIME_TARGETS = ["schema-init", "api", "backup"] as const;

// What the build must do, as text the build stages' RUN lines contain.
const BUILD_STEPS: [RegExp, string][] = [
  [/turbo prune .*--docker/, "turbo prune --docker"],
  [/pnpm install .*--frozen-lockfile/, "pnpm install --frozen-lockfile"],
  [/turbo run build/, "turbo run build"],
  [/deploy --prod/, "pnpm deploy --prod"],
];

/**
 * Multi-stage build with turbo prune and a frozen install; runtime targets
 * based on a plain node image (no pnpm, turbo or compilers), ending as a
 * non-root user with an exec-form ENTRYPOINT; no native Prisma engine or
 * `prisma migrate` anywhere; the backup target installs the pinned client.
 */
export function checkDockerfile(dockerfile: Dockerfile): string[] {
  const problems: string[] = [];
  const allRuns = dockerfile.stages.flatMap((s) => s.instructions).filter((i) => i.keyword === "RUN").map((i) => i.args);
  for (const [pattern, step] of BUILD_STEPS) if (!allRuns.some((run) => pattern.test(run))) problems.push(`The build never runs ${step}.`);
  if (allRuns.some((run) => /prisma\s+migrate/.test(run))) problems.push("The Dockerfile runs `prisma migrate`: migrations are schema-init's job at run time.");
  for (const target of RUNTIME_TARGETS) {
    if (!findStage(dockerfile, target)) {
      problems.push(`There is no ${target} stage.`);
      continue;
    }
    const chain = stageChain(dockerfile, target);
    const instructions = chainInstructions(dockerfile, target);
    if (chain.length < 2 && dockerfile.stages.length < 2) problems.push(`${target}: the build is not multi-stage.`);
    if (instructions.some((i) => i.keyword === "RUN" && /\b(pnpm|turbo|npm install|yarn)\b/.test(i.args))) {
      problems.push(`${target} installs or builds in its own layers: build tools belong in the build stages.`);
    }
    const user = lastInstruction(dockerfile, target, "USER")?.args.split(":")[0];
    if (!user || user === "root" || user === "0") problems.push(`${target} runs as ${user ?? "root (no USER)"}; end the stage with a non-root USER.`);
    const entrypoint = execForm(lastInstruction(dockerfile, target, "ENTRYPOINT")?.args);
    if (!entrypoint) problems.push(`${target} needs an exec-form ENTRYPOINT (signals reach node directly).`);
    if (instructions.some((i) => i.keyword === "ENV" && /PRISMA_[A-Z_]*(BINARY|ENGINE)/.test(i.args))) {
      problems.push(`${target} sets a Prisma engine variable at run time; the runtime uses the wasm engine only.`);
    }
  }
  const backupRuns = findStage(dockerfile, "backup") ? chainInstructions(dockerfile, "backup") : [];
  if (!backupRuns.some((i) => i.keyword === "ARG" && i.args.trim() === "PG_MAJOR")) problems.push("The backup stage must redeclare ARG PG_MAJOR.");
  if (!backupRuns.some((i) => i.keyword === "RUN" && i.args.includes("postgresql-client-${PG_MAJOR}"))) {
    problems.push("The backup stage must install postgresql-client-${PG_MAJOR} (pg_dump of the server's major).");
  }
  return problems;
}
