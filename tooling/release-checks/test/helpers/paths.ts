import path from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the repository root. */
export const repoRoot = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../../../..");
