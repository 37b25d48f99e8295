import { dependenciesOf, environmentOf } from "../compose/normalise-service.js";
import { startOrder } from "../compose/start-order.js";
import type { ComposeFile } from "../compose/types.js";

/** A `depends_on` edge the stack relies on. */
export interface RequiredDependency {
  service: string;
  dependsOn: string;
  condition: "service_healthy" | "service_completed_successfully";
}

/**
 * The start order the stack needs: schema-init only once PostgreSQL answers,
 * and nothing that uses the tables before schema-init finished (the original
 * chained schema init into the API's entrypoint instead).
 */
export const REQUIRED_DEPENDENCIES: readonly RequiredDependency[] = [
  { service: "schema-init", dependsOn: "postgres", condition: "service_healthy" },
  { service: "api", dependsOn: "schema-init", condition: "service_completed_successfully" },
  { service: "backup", dependsOn: "schema-init", condition: "service_completed_successfully" },
];

const ONE_SHOT_RESTART = new Set(["no", "on-failure"]);

/** Start order and conditions; returns one message per violation. */
export function checkStartOrder(compose: ComposeFile): string[] {
  const problems: string[] = [];
  try {
    startOrder(compose);
  } catch (error) {
    problems.push((error as Error).message);
  }
  for (const rule of REQUIRED_DEPENDENCIES) {
    const service = compose.services[rule.service];
    const edge = service && dependenciesOf(service).find((d) => d.service === rule.dependsOn);
    if (edge?.condition !== rule.condition) {
      problems.push(`${rule.service} must depend on ${rule.dependsOn} with condition ${rule.condition} (found ${edge?.condition ?? "none"}).`);
    }
  }
  for (const [name, service] of Object.entries(compose.services)) {
    for (const edge of dependenciesOf(service)) {
      const target = compose.services[edge.service];
      if (edge.condition === "service_healthy" && !target?.healthcheck?.test) {
        problems.push(`${name} waits for ${edge.service} to be healthy, but ${edge.service} has no healthcheck.`);
      }
      if (edge.condition === "service_completed_successfully" && !ONE_SHOT_RESTART.has(target?.restart ?? "no")) {
        problems.push(`${name} waits for ${edge.service} to complete, but ${edge.service} restarts (${target?.restart}); use restart: "no".`);
      }
    }
  }
  // `up --wait` treats a one-shot's exit as a failure unless a long-running
  // service waits for it with service_completed_successfully (docker/compose#9572).
  for (const [name, service] of Object.entries(compose.services)) {
    if ((service.restart ?? "no") !== "no") continue;
    const adopted = Object.values(compose.services).some(
      (other) => (other.restart ?? "no") !== "no" && dependenciesOf(other).some((d) => d.service === name && d.condition === "service_completed_successfully"),
    );
    if (!adopted) problems.push(`One-shot ${name} is awaited by no long-running service (service_completed_successfully): \`up --wait\` would fail on its exit.`);
  }
  const api = compose.services.api;
  if (api && environmentOf(api).SKIP_SCHEMA_INIT !== "true") {
    problems.push("api must set SKIP_SCHEMA_INIT=true: schema-init runs as its own service, never inside the API.");
  }
  return problems;
}
