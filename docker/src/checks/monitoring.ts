import type { StackFiles } from "../stack-files.js";

/**
 * The API's /metrics and /status listener has no token, so the compose file
 * publishes its port on 127.0.0.1 written literally (no variable can widen
 * it), and the backup healthcheck and the API read one freshness target.
 */
export function checkMonitoring(files: StackFiles): string[] {
  const problems: string[] = [];
  const { api, backup } = files.compose.services;
  const port = api?.environment?.NETRAVEN_METRICS_PORT;
  if (!port || !/^\d+$/.test(port)) return ["api must set NETRAVEN_METRICS_PORT to the port of its status and metrics listener."];
  for (const [name, service] of Object.entries(files.compose.services)) {
    const published = (service.ports ?? []).filter((mapping) => mapping.replace(/\/tcp$/, "").split(":").pop() === port);
    for (const mapping of published) {
      if (!mapping.startsWith("127.0.0.1:")) problems.push(`${name} publishes the status and metrics port as "${mapping}": publish it as "127.0.0.1:\${METRICS_PORT:-${port}}:${port}" only, it has no token.`);
    }
    if (name === "api" && published.length === 0) problems.push(`api must publish its status and metrics port ${port} on the host's 127.0.0.1.`);
  }
  const apiAge = api?.environment?.BACKUP_HEALTH_MAX_AGE_HOURS;
  if (apiAge === undefined || apiAge !== backup?.environment?.BACKUP_HEALTH_MAX_AGE_HOURS) {
    problems.push("api and backup must read the same BACKUP_HEALTH_MAX_AGE_HOURS (the x-backup-max-age-hours anchor), so the status page and the backup healthcheck agree.");
  }
  return problems;
}
