import { readFileSync } from "node:fs";

import { parseEnvFile } from "./compose/env-file.js";
import { loadCompose } from "./compose/load-compose.js";
import type { ComposeFile } from "./compose/types.js";
import type { Dockerfile } from "./dockerfile/parse-dockerfile.js";
import { loadDockerfile } from "./dockerfile/parse-dockerfile.js";
import { envExamplePath } from "./paths.js";
import type { WorkspacePackage } from "./workspace.js";
import { workspacePackages } from "./workspace.js";

/** Everything the static checks read: the compose file as written, the Dockerfile, .env.example, the workspace packages. */
export interface Stack {
  compose: ComposeFile;
  dockerfile: Dockerfile;
  envExample: Map<string, string>;
  packages: Map<string, WorkspacePackage>;
}

/** Reads the committed stack files. */
export function loadStack(): Stack {
  return {
    compose: loadCompose(),
    dockerfile: loadDockerfile(),
    envExample: parseEnvFile(readFileSync(envExamplePath, "utf8")),
    packages: workspacePackages(),
  };
}

/** A deep copy to mutate in a test that proves a check can fail. */
export function cloneStack(stack: Stack): Stack {
  return { ...structuredClone({ compose: stack.compose, dockerfile: stack.dockerfile, envExample: stack.envExample }), packages: stack.packages };
}
