// `test:engine`: the tests in test/engine, run by scripts/test-docker.sh
// against the engine and compose tool it chose (DOCKER_HOST, DOCKER, COMPOSE).
// The stack and crash tests use separate compose projects, so they run side
// by side; each waits on containers, not on the CPU.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/engine/**/*.test.ts"],
    environment: "node",
    testTimeout: 600_000,
    hookTimeout: 300_000,
    maxWorkers: 3,
  },
});
