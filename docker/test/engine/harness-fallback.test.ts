// The db-schema test harness on a host whose Docker engine answers but cannot
// pull (no registry, as here): it must fall back to embedded PostgreSQL
// instead of failing the suite.
import { startTestServer } from "@netraven/db-schema/testing";
import { describe, expect, it } from "vitest";

import { docker } from "./helpers/engine.js";

describe("db-schema's startTestServer next to an engine that cannot pull", () => {
  it("answers, fails to start the image, and uses embedded PostgreSQL", async () => {
    expect((await docker(["info", "--format", "{{.ServerVersion}}"])).exitCode).toBe(0);
    const image = "postgres:15-alpine";
    expect((await docker(["image", "inspect", image])).exitCode, `${image} is present, so nothing would need a pull`).not.toBe(0);
    const logs: string[] = [];
    const server = await startTestServer({ dockerHost: process.env.DOCKER_HOST, image, onLog: (line) => logs.push(line) });
    try {
      expect(server.kind, logs.join("\n")).toBe("embedded");
      expect(logs.join("\n")).toContain("A Docker engine answered");
    } finally {
      await server.stop();
    }
  });
});
