import { describe, expect, it } from "vitest";

import { loadStack } from "../stack.js";
import { interpolate } from "./interpolate.js";
import { validateComposeSpec } from "./validate-spec.js";

// Validate what `docker compose` validates: the file after interpolation, with
// the documented example values and placeholder secrets.
const { compose, envExample } = loadStack();
const values: Record<string, string> = { ...Object.fromEntries(envExample), POSTGRES_PASSWORD: "p", JWT_SECRET: "j", ENCRYPTION_KEYS: "k" };
const interpolated = interpolate(compose, (name) => values[name]);

describe("docker-compose.yml against the Compose Specification schema", () => {
  it("is valid", () => {
    expect(validateComposeSpec(interpolated)).toEqual([]);
  });

  it("rejects an unknown depends_on condition, a misspelt key and a malformed duration", () => {
    const broken = structuredClone(interpolated) as typeof interpolated;
    (broken.services.api!.depends_on as Record<string, { condition: string }>)["schema-init"]!.condition = "service_done";
    broken.services.backup!.restart_policy = "always";
    broken.services.postgres!.healthcheck!.interval = "five seconds";
    const problems = validateComposeSpec(broken).join("\n");
    expect(problems).toContain("/services/api/depends_on");
    expect(problems).toContain("restart_policy");
    expect(problems).toContain("/services/postgres/healthcheck/interval");
  });
});
