import path from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the `docker/` package. */
export const packageRoot = fileURLToPath(new URL("..", import.meta.url));
/** Absolute path of the repository root (the image build context). */
export const repoRoot = path.resolve(packageRoot, "..");
/** The compose file operators run. */
export const composeFilePath = path.join(packageRoot, "docker-compose.yml");
/** The multi-stage Dockerfile with the schema-init, api and backup targets. */
export const dockerfilePath = path.join(packageRoot, "Dockerfile");
/** The documented list of every variable the compose file reads. */
export const envExamplePath = path.join(packageRoot, ".env.example");
