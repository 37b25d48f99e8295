import type { StackFiles } from "../stack-files.js";

function dockerfileArg(dockerfile: string, name: string): string | undefined {
  return new RegExp(`^ARG ${name}=(\\S+)$`, "m").exec(dockerfile)?.[1];
}

/**
 * The versions written in more than one place agree: the postgres image's
 * major with the Dockerfile's PG_MAJOR (the backup image's pg_dump), the
 * Dockerfile's pnpm with the root packageManager, its turbo with the
 * lockfile's; and every pulled image is pinned (a tag with major.minor).
 */
export function checkVersions(files: StackFiles): string[] {
  const problems: string[] = [];
  const pgMajor = dockerfileArg(files.dockerfile, "PG_MAJOR");
  const postgresTag = files.compose.services.postgres?.image?.split(":")[1] ?? "";
  if (!pgMajor || postgresTag.split(/[.-]/)[0] !== pgMajor) {
    problems.push(`The postgres image (${postgresTag || "no tag"}) and the Dockerfile's PG_MAJOR (${pgMajor ?? "unset"}) must share a major version.`);
  }
  const pnpm = dockerfileArg(files.dockerfile, "PNPM_VERSION");
  if (`pnpm@${pnpm}` !== files.packageManager) problems.push(`The Dockerfile's PNPM_VERSION (${pnpm}) must match package.json's packageManager (${files.packageManager}).`);
  const turbo = dockerfileArg(files.dockerfile, "TURBO_VERSION");
  const locked = /^ {2}turbo@(\d+\.\d+\.\d+):$/m.exec(files.lockfile)?.[1];
  if (turbo !== locked) problems.push(`The Dockerfile's TURBO_VERSION (${turbo}) must match the lockfile's turbo (${locked}).`);
  const pulled = [dockerfileArg(files.dockerfile, "NODE_IMAGE"), ...Object.values(files.compose.services).filter((s) => s.build === undefined).map((s) => s.image)];
  for (const image of pulled) if (!/:v?\d+\.\d+/.test(image ?? "")) problems.push(`${image ?? "an image"} is not pinned to a version (use at least major.minor).`);
  return problems;
}
