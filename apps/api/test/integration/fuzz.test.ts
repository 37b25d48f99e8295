import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { arbitraryFor, deepJson, encodeComponent, hostileString } from "../helpers/fuzz-arbitraries.js";
import type { IdPool, Schema } from "../helpers/fuzz-arbitraries.js";
import { createResponseValidator } from "../helpers/response-validator.js";
import { createUserToken, useTestApp } from "../helpers/test-app.js";

// Property-based fuzzing driven by the served /openapi.json: every operation,
// with an admin token, a non-admin token and none, with generated path,
// query and body values (valid ones mixed with NUL, lone surrogates, huge and
// negative numbers, extreme dates, deep nesting). No answer may be a 5xx, and
// every answer must have a documented status and match its documented schema.
// Seeded and bounded: RUNS per operation, at most TIME_LIMIT_MS each (about
// 20 s in all on a CI machine; docs/api.md says so).
const t = useTestApp();
const SEED = 20_261_201;
const RUNS = 20;
const TIME_LIMIT_MS = 450;

type Parameter = { name: string; in: string; required?: boolean; schema: Schema };
type Operation = { operationId: string; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

async function createFixtures(): Promise<{ byResource: Record<string, string>; ids: IdPool; userToken: string }> {
  const token = t().adminToken;
  const post = async (url: string, body: unknown) => {
    const response = await t().call("POST", url, { token, body });
    if (response.statusCode !== 201) throw new Error(`fixture ${url}: ${response.statusCode} ${response.body}`);
    return (response.json() as { id: string }).id;
  };
  const tag = await post("/api/tags", { name: "fuzz-tag" });
  const device = await post("/api/devices", { hostname: "fuzz.example", ipAddress: "192.0.2.77", deviceType: "cisco_ios", tagIds: [tag] });
  const credential = await post("/api/credentials", { name: "fuzz-cred", username: "netops", password: "device-secret-1" });
  const jobLog = await post("/api/job-logs", { jobType: "backup", status: "running", deviceId: device });
  const scheduledJob = await post("/api/scheduled-jobs", { name: "nightly", scheduleType: "daily", scheduleTime: "02:00", deviceId: device });
  const backup = await post("/api/backups", { deviceId: device, version: "1", filePath: "/b/1.cfg", fileSize: 10, status: "completed", contentHash: "a".repeat(64) });
  await post(`/api/job-logs/${jobLog}/entries`, { level: "info", message: "started" });
  const user = await createUserToken(t());
  const byResource = { devices: device, tags: tag, credentials: credential, "job-logs": jobLog, "scheduled-jobs": scheduledJob, backups: backup, users: user.id };
  const ids: IdPool = { deviceId: [device], tagId: [tag], ownerId: [user.id], key: ["security.login.lockout_minutes", "notification.email.smtp_password", "system.general.application_name", "notification.email.smtp_port"] };
  return { byResource, ids, userToken: user.token };
}

describe("fuzzing every operation from the OpenAPI document", () => {
  it("never answers 5xx, and every answer has a documented status and schema", async () => {
    const doc = (await t().call("GET", "/openapi.json")).json() as Document;
    const { byResource, ids, userToken } = await createFixtures();
    const resolve = (ref: string) => doc.components.schemas[ref.split("/").pop() ?? ""] ?? {};
    const check = createResponseValidator(doc.components.schemas);
    const tokens: Record<string, string | undefined> = { admin: t().adminToken, user: userToken, none: undefined };
    // Deletes last, so the rows the other operations address exist while they run; logout (it revokes the tokens) after them.
    const rank = (method: string, op: Operation) => (op.operationId === "logout" ? 2 : method === "DELETE" ? 1 : 0);
    const operations = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })))
      .sort((a, b) => rank(a.method, a.op) - rank(b.method, b.op));
    expect(operations.length).toBeGreaterThan(40);

    const failures: string[] = [];
    let requests = 0;
    for (const [index, { path, method, op }] of operations.entries()) {
      const resource = path.split("/")[2] ?? "";
      const parameters = op.parameters ?? [];
      const dirty = { resolve, ids, hostility: 6 };
      const clean = { resolve, ids, hostility: 0 };
      const pathValue = (p: Parameter) => {
        const real = p.name === "id" ? byResource[resource] : ids[p.name]?.[0];
        const generated = arbitraryFor(p.schema, dirty, p.name).map((v) => (typeof v === "string" ? v : JSON.stringify(v) ?? ""));
        return real ? fc.oneof({ arbitrary: fc.constant(real), weight: 4 }, { arbitrary: generated, weight: 1 }) : generated;
      };
      const pathArb = fc.record(Object.fromEntries(parameters.filter((p) => p.in === "path").map((p) => [p.name, pathValue(p)])));
      const queryArb = fc.record(
        Object.fromEntries(parameters.filter((p) => p.in === "query").map((p) => [p.name, arbitraryFor(p.schema, dirty, p.name)])),
        { requiredKeys: [] },
      );
      const bodySchema = op.requestBody?.content["application/json"]?.schema;
      const bodyArb = bodySchema
        ? fc.oneof(
            // Valid bodies reach the database; dirty ones carry hostile values in some fields.
            { arbitrary: arbitraryFor(bodySchema, clean).map((v) => JSON.stringify(v) ?? "null"), weight: 3 },
            { arbitrary: arbitraryFor(bodySchema, dirty).map((v) => JSON.stringify(v) ?? "null"), weight: 4 },
            { arbitrary: deepJson.map((v) => JSON.stringify(v)), weight: 1 },
            { arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((n) => `${"[".repeat(n)}${"]".repeat(n)}`), weight: 1 },
            { arbitrary: hostileString, weight: 1 },
          )
        : fc.constant(undefined);
      const tokenArb = fc.constantFrom("admin", "admin", "user", "none");

      await fc.assert(
        // endOnFailure: no shrinking against a real database; the failing request is recorded below.
        fc.asyncProperty(tokenArb, pathArb, queryArb, bodyArb, async (who, pathValues, query, body) => {
          requests++;
          const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeComponent(String(pathValues[name] ?? "")));
          const search = Object.entries(query)
            .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${name}=${encodeComponent(typeof v === "string" ? v : (JSON.stringify(v) ?? ""))}`))
            .join("&");
          const token = tokens[who];
          const response = await t().app.inject({
            method: method as "GET",
            url: search ? `${url}?${search}` : url,
            headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
            ...(body === undefined ? {} : { payload: body }),
          });
          const problem = response.statusCode >= 500 ? `answered ${response.statusCode}` : check(op.responses, response.statusCode, response.headers["content-type"] as string | undefined, response.body);
          if (problem) {
            failures.push(`${method} ${path} as ${who}: ${problem}\n  request: ${response.statusCode} ${(search ? `${url}?${search}` : url).slice(0, 200)} ${String(body).slice(0, 200)}\n  response: ${response.body.slice(0, 300)}`);
            return false;
          }
          return true;
        }),
        { seed: SEED + index, numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false, endOnFailure: true },
      ).catch((error: unknown) => {
        // A failed property already recorded its request; anything else (the generator itself) is a test bug.
        if (failures.length === 0) throw error;
      });
    }
    expect(failures, `seed ${SEED}, ${requests} requests`).toEqual([]);
    expect(requests).toBeGreaterThan(operations.length * 5);
    expect(t().logs()).not.toContain('"level":"error"');
  }, 120_000);
});
