import { compileErrors, validate } from "@readme/openapi-parser";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";

import { useTestApp } from "../helpers/test-app.js";

const t = useTestApp();

type Operation = { operationId?: string; summary?: string; requestBody?: unknown; parameters?: { in: string }[]; security?: unknown[]; "x-netraven-admin"?: boolean; responses: Record<string, { content?: Record<string, unknown> }> };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

const served = async () => (await t().call("GET", "/openapi.json")).json() as Document;
const operations = (doc: Document) => Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

describe("the OpenAPI document", () => {
  it("passes a maintained OpenAPI 3.1 validator", async () => {
    const result = await validate(structuredClone(await served()) as unknown as Parameters<typeof validate>[0]);
    expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
  });

  it("passes Redocly's recommended lint rules with no error", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: JSON.stringify(await served()), config });
    const errors = problems.filter((p) => p.severity === "error").map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? "?"}`);
    expect(errors).toEqual([]);
  });

  it("has one named schema per concept, no *Input duplicates and no unresolvable shared definitions", async () => {
    const doc = await served();
    const names = Object.keys(doc.components.schemas);
    expect(names.filter((name) => name.endsWith("Input") || name.startsWith("__"))).toEqual([]);
    expect(JSON.stringify(doc)).not.toMatch(/"\$ref":"[^"]*#[^"]*#/);
  });

  it("gives every operation a summary, an operationId and every status it can answer", async () => {
    const doc = await served();
    for (const { path, method, op } of operations(doc)) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(op.summary, where).toMatch(/\S/);
      expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      const statuses = Object.keys(op.responses);
      const expected = ["400", "503"];
      if (op.security?.length) expected.push("401", "429");
      if (op["x-netraven-admin"]) expected.push("403");
      if (op.requestBody) expected.push("413", "415", "422");
      if (op.parameters?.length) expected.push("422");
      if (op.parameters?.some((p) => p.in === "path")) expected.push("404");
      expect(statuses, where).toEqual(expect.arrayContaining(expected));
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400) expect(Object.keys(response.content ?? {}), `${where} ${status}`).toEqual(["application/problem+json"]);
        if (status === "204") expect(response.content, `${where} 204`).toBeUndefined();
      }
    }
    expect(doc.paths["/api/auth/login"]?.post?.responses).toHaveProperty("429");
  });

  it("shows real example values for ids and timestamps, not \"string\"", async () => {
    const doc = await served();
    const device = doc.components.schemas.Device as { properties: Record<string, { examples?: unknown[] }> };
    expect(device.properties.id?.examples?.[0]).toMatch(/^[0-9a-f]{8}-/);
    expect(device.properties.createdAt?.examples?.[0]).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});
