import { healthcheckCommand } from "../compose/normalise-service.js";
import type { ComposeFile } from "../compose/types.js";

/** What each long-running service's healthcheck must prove. */
export const HEALTHCHECK_RULES: Record<string, { mustContain: string; why: string }> = {
  postgres: { mustContain: "pg_isready", why: "schema-init starts only once PostgreSQL accepts connections" },
  api: { mustContain: "/readyz", why: "ready means the database answers and the schema validates" },
  backup: { mustContain: "netraven-backup health", why: "healthy means the last verified backup is fresh" },
};

/**
 * Every service that keeps running has a healthcheck with interval, timeout
 * and retries; postgres, api and backup check what matters for each, and
 * postgres has a start_period for its first-start initdb.
 */
export function checkHealthchecks(compose: ComposeFile): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    const command = healthcheckCommand(service);
    const rule = HEALTHCHECK_RULES[name];
    const longRunning = (service.restart ?? "no") !== "no";
    if (!command) {
      if (rule || longRunning) problems.push(`${name} has no healthcheck.`);
      continue;
    }
    const { interval, timeout, retries } = service.healthcheck ?? {};
    if (!interval || !timeout || retries === undefined) problems.push(`${name}'s healthcheck must set interval, timeout and retries.`);
    if (rule && !command.argv.join(" ").includes(rule.mustContain)) {
      problems.push(`${name}'s healthcheck must run ${rule.mustContain}: ${rule.why}.`);
    }
  }
  if (!compose.services.postgres?.healthcheck?.start_period) problems.push("postgres's healthcheck needs a start_period (first start runs initdb).");
  return problems;
}
