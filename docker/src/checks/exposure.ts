import type { ComposeFile } from "../compose/types.js";

/** The database publishes no port and sits only on internal networks; no service shares the host network. */
export function checkExposure(compose: ComposeFile): string[] {
  const problems: string[] = [];
  const postgres = compose.services.postgres;
  if (postgres?.ports?.length) problems.push("postgres publishes a port: the database must be reachable from the stack only.");
  const networks = Array.isArray(postgres?.networks) ? postgres.networks : Object.keys(postgres?.networks ?? {});
  if (networks.length === 0) problems.push("postgres must join an explicit internal network (it is on the default one).");
  for (const network of networks) {
    if (!compose.networks?.[network]?.internal) problems.push(`postgres joins ${network}, which is not internal: true.`);
  }
  for (const [name, service] of Object.entries(compose.services)) {
    if (service.network_mode === "host") problems.push(`${name} uses network_mode: host.`);
  }
  return problems;
}
