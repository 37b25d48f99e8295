import { dependenciesOf } from "./normalise-service.js";
import type { ComposeFile } from "./types.js";

/**
 * The order `docker compose up` starts services in: every service after all
 * the services it depends on (ties keep file order). Throws on an unknown
 * dependency or a cycle, which compose also refuses.
 */
export function startOrder(compose: ComposeFile): string[] {
  const names = Object.keys(compose.services);
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new Error(`depends_on cycle: ${[...path, name].join(" -> ")}`);
    const service = compose.services[name];
    if (!service) throw new Error(`${path.at(-1) ?? "?"} depends on ${name}, which is not a service.`);
    state.set(name, "visiting");
    for (const dependency of dependenciesOf(service)) visit(dependency.service, [...path, name]);
    state.set(name, "done");
    order.push(name);
  };
  for (const name of names) visit(name, []);
  return order;
}
