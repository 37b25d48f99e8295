import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const STATE_DIR_NAME = ".netraven";

/**
 * Where local state lives: NETRAVEN_STATE_DIR, else `.netraven/` at the root
 * of the checkout (the folder with pnpm-workspace.yaml, searched upwards from
 * the working directory and then from this file), else the working directory.
 */
export function resolveStateDir(configured: string | undefined, cwd: string): string {
  if (configured) return path.resolve(cwd, configured);
  const root = findWorkspaceRoot(cwd) ?? findWorkspaceRoot(path.dirname(fileURLToPath(import.meta.url)));
  return path.join(root ?? cwd, STATE_DIR_NAME);
}

function findWorkspaceRoot(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}
