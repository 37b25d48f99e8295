// The "What runs, in which order" table of docs/docker.md, read as data so
// the engine tests check the stack against what the docs promise.
import { readFileSync } from "node:fs";
import path from "node:path";

import { dockerDir } from "./helpers/stack.js";

export interface DocumentedService {
  service: string;
  image: string;
  /** depends_on as the "Starts when" column states it: `x` healthy / `x` exited 0. */
  dependsOn: Record<string, "service_healthy" | "service_completed_successfully">;
}

const CONDITIONS = { healthy: "service_healthy", "exited 0": "service_completed_successfully" } as const;

export function documentedServices(): DocumentedService[] {
  const markdown = readFileSync(path.join(dockerDir, "../docs/docker.md"), "utf8");
  const section = markdown.split("## What runs, in which order")[1]?.split("\n## ")[0] ?? "";
  const rows = section.split("\n").filter((line) => /^\| `[a-z-]+` \|/.test(line));
  return rows.map((row) => {
    const [service = "", image = "", , startsWhen = ""] = row.split("|").slice(1).map((cell) => cell.trim());
    const dependsOn: DocumentedService["dependsOn"] = {};
    for (const match of startsWhen.matchAll(/`([a-z-]+)` (healthy|exited 0)/g)) dependsOn[match[1]!] = CONDITIONS[match[2] as keyof typeof CONDITIONS];
    return { service: service.replaceAll("`", ""), image: image.replaceAll("`", ""), dependsOn };
  });
}
