import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "@netraven/db-schema";

// Bundling moves this code between files (src/, dist/, dist/chunk-*.js), so the
// package root is found by walking up to our own package.json rather than by a
// fixed relative path. That also works from an installed tarball.
function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string };
      if (name === PACKAGE_NAME) return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot locate the ${PACKAGE_NAME} package root from ${start}`);
    dir = parent;
  }
}

/** Absolute path of the installed `@netraven/db-schema` package. */
export const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
/** Absolute path of `prisma/schema.prisma`. */
export const schemaPath = path.join(packageRoot, "prisma", "schema.prisma");
/** Absolute path of the committed migrations directory (Prisma layout). */
export const migrationsDir = path.join(packageRoot, "prisma", "migrations");
/** Absolute path of the schema manifest that validation compares against. */
export const manifestPath = path.join(packageRoot, "prisma", "schema-manifest.json");
