import type { Tag } from "@netraven/db-schema";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { recordAudit } from "../audit/record-audit.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { iso, problems, Timestamp } from "./common-schemas.js";
import { registerCrud } from "./crud.js";
import { DEFAULT_TAG_NAME } from "./devices.js";
import { requireRows } from "./require-rows.js";

export const TagSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    color: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Tag" });

const writable = {
  name: z.string().trim().min(1).max(50).regex(/^\S+$/, "must not contain spaces"),
  description: z.string().max(2000).nullable().optional(),
  color: z.string().regex(/^#[0-9A-Fa-f]{6}$/, "must be a hex colour such as #6366F1").nullable().optional(),
};
const CreateTag = z.strictObject(writable).meta({ id: "TagCreate" });
const UpdateTag = z.strictObject(writable).partial().meta({ id: "TagUpdate" });

const toTag = (row: Tag): z.input<typeof TagSchema> => ({
  id: row.id,
  name: row.name,
  description: row.description,
  color: row.color,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

const LinkParams = z.object({ id: z.uuid(), deviceId: z.uuid() });

/** /api/tags, plus attaching and detaching devices. The `default` tag can be neither renamed nor deleted. */
export async function tagRoutes(app: FastifyInstance): Promise<void> {
  const { prisma } = app.netraven;
  const refuseDefault = async (db: Pick<typeof prisma, "tag">, id: string, action: string) => {
    const tag = await db.tag.findUnique({ where: { id }, select: { name: true } });
    if (tag?.name === DEFAULT_TAG_NAME) throw new ConflictError(`The ${DEFAULT_TAG_NAME} tag cannot be ${action}: every device carries it.`);
  };
  registerCrud(app, {
    name: "tag",
    plural: "tags",
    prefix: "/api/tags",
    model: (db) => db.tag,
    item: TagSchema,
    toItem: toTag,
    filters: z.object({ name: z.string().max(50).optional().describe("Name contains (case-insensitive).") }),
    where: (f) => (f.name ? { name: { contains: f.name, mode: "insensitive" } } : {}),
    sortFields: ["name", "createdAt"],
    defaultSort: "name",
    create: { body: CreateTag, data: (body) => body },
    update: {
      body: UpdateTag,
      async data(body, { tx, id }) {
        if (body.name !== undefined) await refuseDefault(tx, id, "renamed");
        return body;
      },
    },
    remove: { before: (id, { tx }) => refuseDefault(tx, id, "deleted") },
  });

  const zapp = app.withTypeProvider<ZodTypeProvider>();
  const schema = { tags: ["tags"], params: LinkParams, response: { 204: z.null(), ...problems(401, 404, 422) } };

  zapp.put(
    "/api/tags/:id/devices/:deviceId",
    { schema: { ...schema, operationId: "attachTagToDevice", description: "Attaches the tag to the device (idempotent)." } },
    async (request, reply) => {
      const { id, deviceId } = request.params;
      await prisma.$transaction(async (tx) => {
        await requireRows(tx, [["tag", id], ["device", deviceId]]);
        await tx.deviceTag.upsert({ where: { deviceId_tagId: { deviceId, tagId: id } }, create: { deviceId, tagId: id }, update: {} });
        await recordAudit(tx, request, linkEvent("attach", id, deviceId));
      });
      return reply.code(204).send(null);
    },
  );

  zapp.delete(
    "/api/tags/:id/devices/:deviceId",
    { schema: { ...schema, operationId: "detachTagFromDevice", description: "Removes the tag from the device." } },
    async (request, reply) => {
      const { id, deviceId } = request.params;
      await prisma.$transaction(async (tx) => {
        const { count } = await tx.deviceTag.deleteMany({ where: { deviceId, tagId: id } });
        if (count === 0) throw new NotFoundError(`Device ${deviceId} does not carry tag ${id}.`);
        await recordAudit(tx, request, linkEvent("detach", id, deviceId));
      });
      return reply.code(204).send(null);
    },
  );
}

function linkEvent(action: "attach" | "detach", tagId: string, deviceId: string) {
  return {
    eventType: "data" as const,
    eventName: `tag.${action}`,
    targetType: "device",
    targetId: deviceId,
    description: `${action === "attach" ? "Attached" : "Detached"} tag ${tagId} ${action === "attach" ? "to" : "from"} device ${deviceId}`,
    status: "success" as const,
    metadata: { tagId },
  };
}
