import type { StackFiles } from "../stack-files.js";
import { envEntries } from "../stack-files.js";

/** Variables `docker compose` itself reads from .env; the compose file need not. */
const COMPOSE_CLI_VARIABLES = new Set(["COMPOSE_PROJECT_NAME"]);

/** .env.example lists every variable the compose file reads, and nothing else. */
export function checkEnvExample(files: StackFiles): string[] {
  const problems: string[] = [];
  const used = new Set([...files.composeText.replaceAll("$$", "").matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1] ?? ""));
  const listed = envEntries(files.envExample);
  for (const name of used) if (!listed.has(name)) problems.push(`${name} is read by docker-compose.yml but missing from .env.example.`);
  for (const name of listed.keys()) {
    if (!used.has(name) && !COMPOSE_CLI_VARIABLES.has(name)) problems.push(`.env.example lists ${name}, which docker-compose.yml never reads.`);
  }
  return problems;
}
