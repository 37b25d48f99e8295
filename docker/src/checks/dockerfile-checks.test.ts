import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { parseDockerfile } from "../dockerfile/parse-dockerfile.js";
import { dockerfilePath } from "../paths.js";
import { loadStack } from "../stack.js";
import { checkDockerfile } from "./dockerfile.js";
import { checkServiceCommands } from "./service-commands.js";

const text = readFileSync(dockerfilePath, "utf8");
const stack = loadStack();
/** The Dockerfile with one literal edit applied (the edit must match). */
function edited(from: string, to: string) {
  expect(text).toContain(from);
  return parseDockerfile(text.replace(from, to));
}

describe("Dockerfile invariants", () => {
  it("builds with turbo prune and a frozen install, and runs non-root without build tools", () => {
    expect(checkDockerfile(stack.dockerfile)).toEqual([]);
    expect(checkDockerfile(edited("pnpm install --frozen-lockfile", "pnpm install"))).toEqual(["The build never runs pnpm install --frozen-lockfile."]);
    const apiAsRoot = text.replace(/(FROM runtime AS api[^]*?)USER node\n/, "$1");
    expect(checkDockerfile(parseDockerfile(apiAsRoot))).toEqual(["api runs as root (no USER); end the stage with a non-root USER."]);
    expect(checkDockerfile(edited("FROM runtime AS api", "FROM build AS api"))).toEqual([
      "api installs or builds in its own layers: build tools belong in the build stages.",
    ]);
    expect(checkDockerfile(edited("postgresql-client-${PG_MAJOR}", "postgresql-client"))).toEqual([
      "The backup stage must install postgresql-client-${PG_MAJOR} (pg_dump of the server's major).",
    ]);
  });

  it("runs, in each service, a command its package ships", () => {
    expect(checkServiceCommands(stack.compose, stack.dockerfile, stack.packages)).toEqual([]);
    expect(checkServiceCommands(stack.compose, edited('ENTRYPOINT ["node", "/app/dist/start.js"]', 'ENTRYPOINT ["node", "/app/dist/server.js"]'), stack.packages)).toEqual([
      'api\'s ENTRYPOINT ["node","/app/dist/server.js"] must be ["node", "/app/dist/start.js"] (@netraven/api\'s entry).',
    ]);
    expect(checkServiceCommands(stack.compose, edited("/usr/local/bin/netraven-backup", "/usr/local/bin/backup"), stack.packages)).toEqual([
      "backup must link netraven-backup onto PATH (ln -s /app/bin/netraven-backup.js /usr/local/bin/netraven-backup).",
    ]);
    expect(checkServiceCommands(stack.compose, edited('io.netraven.package="@netraven/backup"', 'io.netraven.package="@netraven/backups"'), stack.packages)).toEqual([
      "Target backup must carry LABEL io.netraven.package naming a workspace package (found @netraven/backups).",
    ]);
  });
});
