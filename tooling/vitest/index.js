// Shared vitest settings. Integration tests talk to a real PostgreSQL and start
// servers, so they get generous timeouts; speed targets live in `pnpm bench`.
import { defineConfig } from "vitest/config";

/** Unit tests: colocated `src/**\/*.test.ts`, no I/O. */
const unitProject = {
  extends: true,
  test: {
    name: "unit",
    include: ["src/**/*.test.ts"],
    sequence: { groupOrder: 0 },
    environment: "node",
  },
};

/**
 * Integration tests: `test/integration/**\/*.test.ts`, one database per file.
 * @param {{ globalSetup?: string[] }} [options]
 */
function integrationProject(options = {}) {
  return {
    extends: true,
    test: {
      name: "integration",
      include: ["test/integration/**/*.test.ts"],
      environment: "node",
      testTimeout: 60_000,
      hookTimeout: 120_000,
      globalSetup: options.globalSetup ?? [],
      // Two cores: more workers only queue on the shared PostgreSQL.
      maxWorkers: 2,
      sequence: { groupOrder: 1 },
    },
  };
}

/**
 * A package's vitest config: the unit project plus, when it has any, the integration project.
 * @param {{ integration?: boolean, globalSetup?: string[] }} [options]
 */
export function packageConfig(options = {}) {
  const projects = [unitProject];
  if (options.integration) projects.push(integrationProject(options));
  return defineConfig({ test: { projects, passWithNoTests: false } });
}
