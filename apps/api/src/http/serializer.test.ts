import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { serializerCompiler } from "./serializer.js";

const Tag = z.object({ id: z.uuid(), name: z.string() }).meta({ id: "SerializerTestTag" });
const Item = z.object({ id: z.uuid(), note: z.string().nullable(), count: z.number().int().nullable(), at: z.iso.datetime().nullable(), owner: z.uuid().nullable(), tags: z.array(Tag) });

async function serve(schema: z.ZodType, payload: unknown) {
  const app = Fastify();
  app.setSerializerCompiler(serializerCompiler);
  app.get("/", { schema: { response: { 200: schema } } }, async () => payload);
  const response = await app.inject("/");
  await app.close();
  return response;
}

describe("serializerCompiler", () => {
  it("writes the declared properties only, at every depth, like zod's parse", async () => {
    const id = "6f1c2a1e-8d3b-4c1e-9a8f-0b1c2d3e4f50";
    const payload = { id, note: null, count: 3, at: null, owner: id, passwordHash: "secret-1", tags: [{ id, name: "core", secret: "secret-2" }] };
    const response = await serve(Item, payload);
    expect(response.body).not.toContain("secret-");
    expect(response.body).toBe(JSON.stringify(Item.parse(payload)));
    const other = { id, note: "n", count: null, at: "2026-01-31T08:30:00.000Z", owner: null, tags: [] };
    expect((await serve(Item, other)).body).toBe(JSON.stringify(Item.parse(other)));
  });

  it("keeps zod for a schema JSON Schema cannot express (a transform)", async () => {
    const response = await serve(z.object({ name: z.string().transform((s) => s.toUpperCase()) }), { name: "abc", extra: 1 });
    expect(response.json()).toEqual({ name: "ABC" });
  });
});
