import { argvOf, healthcheckCommand } from "../compose/normalise-service.js";
import type { ComposeFile } from "../compose/types.js";
import type { Dockerfile } from "../dockerfile/parse-dockerfile.js";
import { chainInstructions, execForm, findStage, imageLabels, lastInstruction } from "../dockerfile/stage-chain.js";
import type { WorkspacePackage } from "../workspace.js";
import { normaliseRelative } from "../workspace.js";

/** The label naming the workspace package a runtime target ships. */
export const PACKAGE_LABEL = "io.netraven.package";
/** Where runtime targets put their package. */
export const APP_DIR = "/app";

/** The package's entry file for its service: its single bin, else the file `start` runs. */
export function entryFileOf(pkg: WorkspacePackage): string | undefined {
  const bins = Object.values(pkg.manifest.bin ?? {});
  if (bins.length > 0) return bins[0] && normaliseRelative(bins[0]);
  const start = /^node\s+(\S+)/.exec(pkg.manifest.scripts?.start ?? "")?.[1];
  return start && normaliseRelative(start);
}

/** Bin names a target links into PATH: `ln -s /app/<file> /usr/local/bin/<name>`. */
export function linkedBins(dockerfile: Dockerfile, target: string): Map<string, string> {
  const bins = new Map<string, string>();
  for (const instruction of chainInstructions(dockerfile, target)) {
    for (const match of instruction.args.matchAll(/ln -s \/app\/(\S+) \/usr\/local\/bin\/(\S+)/g)) bins.set(match[2] ?? "", match[1] ?? "");
  }
  return bins;
}

/**
 * Every command a service runs exists in the package its image ships: the
 * target is labelled with a workspace package that the build deploys, the
 * ENTRYPOINT runs that package's bin (or start file), and healthcheck
 * commands are `node` or one of the package's bins linked onto PATH.
 */
export function checkServiceCommands(compose: ComposeFile, dockerfile: Dockerfile, packages: Map<string, WorkspacePackage>): string[] {
  const problems: string[] = [];
  const buildRuns = (findStage(dockerfile, "build")?.instructions ?? []).map((i) => i.args).join("\n");
  for (const [name, service] of Object.entries(compose.services)) {
    const target = typeof service.build === "object" ? service.build.target : undefined;
    if (!target) continue;
    if (!findStage(dockerfile, target)) {
      problems.push(`${name} builds target ${target}, which the Dockerfile lacks.`);
      continue;
    }
    const packageName = imageLabels(dockerfile, target)[PACKAGE_LABEL];
    const pkg = packageName ? packages.get(packageName) : undefined;
    if (!pkg || !packageName) {
      problems.push(`Target ${target} must carry LABEL ${PACKAGE_LABEL} naming a workspace package (found ${packageName ?? "none"}).`);
      continue;
    }
    const unscoped = packageName.replace(/^@netraven\//, "");
    const deployed = buildRuns.includes(`@netraven/${unscoped} deploy`) || new RegExp(`for app in [^;]*\\b${unscoped}\\b[^;]*;[^]*@netraven/\\$app deploy`).test(buildRuns);
    if (!deployed) problems.push(`The build stage never deploys ${packageName}.`);
    const entry = entryFileOf(pkg);
    const entrypoint = execForm(lastInstruction(dockerfile, target, "ENTRYPOINT")?.args) ?? [];
    if (entrypoint[0] !== "node" || entrypoint[1] !== `${APP_DIR}/${entry}`) {
      problems.push(`${target}'s ENTRYPOINT ${JSON.stringify(entrypoint)} must be ["node", "${APP_DIR}/${entry}"] (${packageName}'s entry).`);
    }
    if (service.entrypoint !== undefined) problems.push(`${name} overrides the image's entrypoint; pass arguments with command: instead.`);
    if (argvOf(service.command)?.length && !pkg.manifest.bin) problems.push(`${name} passes a command to ${packageName}, which has no CLI bin.`);
    const health = healthcheckCommand(service);
    const program = health && !health.shell ? health.argv[0] : undefined;
    if (program && program !== "node") {
      const linked = linkedBins(dockerfile, target).get(program);
      const declared = pkg.manifest.bin?.[program];
      if (!declared) problems.push(`${name}'s healthcheck runs ${program}, which is not a bin of ${packageName}.`);
      else if (linked !== normaliseRelative(declared)) problems.push(`${target} must link ${program} onto PATH (ln -s ${APP_DIR}/${normaliseRelative(declared)} /usr/local/bin/${program}).`);
    }
  }
  return problems;
}
