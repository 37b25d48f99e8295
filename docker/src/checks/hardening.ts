import type { StackFiles } from "../stack-files.js";

/**
 * Every service built from our Dockerfile runs with a read-only root
 * filesystem, no Linux capabilities and no-new-privileges. (postgres starts
 * as root to own its data directory, as its image requires.)
 */
export function checkHardening(files: StackFiles): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(files.compose.services)) {
    if (service.build === undefined) continue;
    if (service.read_only !== true) problems.push(`${name} must set read_only: true.`);
    if (service.cap_drop?.join() !== "ALL") problems.push(`${name} must set cap_drop: [ALL].`);
    if (!service.security_opt?.includes("no-new-privileges:true")) problems.push(`${name} must set security_opt: ["no-new-privileges:true"].`);
  }
  return problems;
}
