import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { repoRoot } from "../paths.js";
import { loadStack } from "../stack.js";
import { checkDocCommand, documentedCommands } from "./doc-commands.js";

/** The operator and developer documents this package owns. */
export const DOCUMENTS = [
  "docs/architecture.md",
  "docs/docker.md",
  "docs/operations.md",
  "docs/development.md",
  "docs/kubernetes.md",
  "docs/releasing.md",
  "docker/README.md",
];

const stack = loadStack();
const commands = DOCUMENTS.filter((file) => existsSync(path.join(repoRoot, file))).flatMap((file) =>
  documentedCommands(file, readFileSync(path.join(repoRoot, file), "utf8")),
);

describe("commands in the docs", () => {
  it("finds the commands of every document", () => {
    expect(new Set(commands.map((c) => c.file)).size).toBe(DOCUMENTS.length);
    expect(commands.length).toBeGreaterThan(40);
  });

  it("name scripts, files, services, images and subcommands that exist", () => {
    const problems = commands.flatMap(({ file, command }) => {
      const problem = checkDocCommand(stack, command);
      return problem ? [`${file}: \`${command}\`: ${problem}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it.each([
    ["docker exec netraven-postgres /app/scripts/backup_db.sh", "container names are not fixed"],
    ["docker compose -f docker/docker-compose.yml exec backup netraven-backup backup-now", "netraven-backup has no subcommand backup-now"],
    ["docker compose -f docker/docker-compose.yml exec postgres /usr/local/bin/backup_db.sh", "is not a program of the postgres image"],
    ["docker compose -f docker/docker-compose.yml exec api netraven-backup list", "netraven-backup is not on PATH in the api image"],
    ["docker compose -f docker/docker-compose.yml run --rm schema-init migrate", "schema-init has no subcommand migrate"],
    ["docker compose -f docker-compose.yml up", "compose file docker-compose.yml does not exist"],
    ["pnpm --filter db-schema migrate:dev", "db-schema has no script migrate:dev"],
    ["pnpm test:e2e", "the root package.json has no script test:e2e"],
    ["node scripts/release.mjs", "scripts/release.mjs does not exist"],
    ["docker build -f docker/Dockerfile --target worker .", "the Dockerfile has no target worker"],
  ])("rejects %s", (command, reason) => {
    expect(checkDocCommand(stack, command)).toContain(reason);
  });

  it("extracts shell blocks, continuations, aliases and inline commands, not prose", () => {
    const markdown = "Run `dc ps` then:\n\n```sh\nalias dc='x'\npnpm build && \\\n  node scripts/check-packs.mjs # why\n```\n\n```yaml\nnode: x\n```\nthe `node` user.";
    expect(documentedCommands("x.md", markdown).map((c) => c.command)).toEqual([
      "pnpm build",
      "node scripts/check-packs.mjs",
      "docker compose -f docker/docker-compose.yml ps",
    ]);
  });
});
