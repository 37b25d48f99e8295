import { collectVariables, requiredVariables } from "../compose/interpolate.js";
import type { ComposeFile } from "../compose/types.js";
import { isSecretName } from "./secrets.js";

/** Variables `docker compose` itself reads from .env; they need not appear in the compose file. */
export const COMPOSE_CLI_VARIABLES = new Set(["COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES", "COMPOSE_FILE"]);

/**
 * .env.example lists every variable the compose file reads and nothing it
 * does not, and ships no secret value: required and secret-named entries are
 * empty.
 */
export function checkEnvExample(compose: ComposeFile, example: Map<string, string>): string[] {
  const problems: string[] = [];
  const used = collectVariables(compose);
  for (const name of used) if (!example.has(name)) problems.push(`${name} is read by docker-compose.yml but missing from .env.example.`);
  for (const name of example.keys()) {
    if (!used.has(name) && !COMPOSE_CLI_VARIABLES.has(name)) problems.push(`.env.example lists ${name}, which docker-compose.yml never reads.`);
  }
  const required = requiredVariables(compose);
  for (const [name, value] of example) {
    if (value !== "" && (required.has(name) || isSecretName(name))) problems.push(`.env.example must leave ${name} empty (operators set secrets; none ship in the repository).`);
  }
  return problems;
}
