import type { ComposeFile } from "../compose/types.js";
import type { Dockerfile } from "../dockerfile/parse-dockerfile.js";
import { findStage, substituteArgs } from "../dockerfile/stage-chain.js";
import { parseImageRef, unpinnedReason } from "./image-refs.js";

/** The compose service whose image must share its major with the Dockerfile's PG_MAJOR. */
export const POSTGRES_SERVICE = "postgres";

/**
 * Every pulled image is pinned (no :latest, at least major.minor), built
 * services name a Dockerfile target, and the PostgreSQL server major equals
 * the Dockerfile's PG_MAJOR (the backup image's pg_dump).
 */
export function checkPinnedImages(compose: ComposeFile, dockerfile: Dockerfile): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    if (service.build !== undefined) {
      const target = typeof service.build === "object" ? service.build.target : undefined;
      if (!target) problems.push(`${name} builds an image without a Dockerfile target.`);
      if (service.image && parseImageRef(service.image).tag === "latest") problems.push(`${name} tags its built image :latest.`);
      continue;
    }
    if (!service.image) problems.push(`${name} has neither image nor build.`);
    else {
      const reason = unpinnedReason(service.image);
      if (reason) problems.push(`${name}: ${reason}.`);
    }
  }
  for (const stage of dockerfile.stages) {
    if (findStage(dockerfile, stage.from)) continue;
    const reason = unpinnedReason(substituteArgs(stage.from, dockerfile.globalArgs));
    if (reason) problems.push(`Dockerfile stage ${stage.name ?? "?"}: ${reason}.`);
  }
  const postgresTag = parseImageRef(compose.services[POSTGRES_SERVICE]?.image ?? "").tag ?? "";
  const pgMajor = dockerfile.globalArgs.PG_MAJOR;
  if (!pgMajor || postgresTag.split(/[.-]/)[0] !== pgMajor) {
    problems.push(`The postgres image (${postgresTag || "no tag"}) and the Dockerfile's PG_MAJOR (${pgMajor ?? "unset"}) must share a major version.`);
  }
  return problems;
}
