import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { recordAudit } from "../../audit/record-audit.js";
import { NotFoundError } from "../../errors.js";
import { problems } from "../common-schemas.js";
import { requireRows } from "../require-rows.js";
import { CredentialSchema, credentialInclude, toCredential } from "./credential-schema.js";

const LinkParams = z.object({ id: z.uuid(), tagId: z.uuid() });
const LinkBody = z
  .strictObject({ priority: z.number().int().min(0).max(1_000_000).default(100).describe("Lower is tried first.") })
  .meta({ id: "CredentialTagLink" });

/** Links credentials to tags with a priority (administrators only). */
export async function credentialTagRoutes(app: FastifyInstance): Promise<void> {
  const { prisma } = app.netraven;
  const zapp = app.withTypeProvider<ZodTypeProvider>();
  const config = { admin: true };

  zapp.put(
    "/api/credentials/:id/tags/:tagId",
    {
      config,
      schema: {
        tags: ["credentials"],
        operationId: "linkCredentialToTag",
        description: "Links the credential to the tag, or changes the priority of an existing link.",
        params: LinkParams,
        body: LinkBody,
        response: { 200: CredentialSchema, ...problems(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const { id, tagId } = request.params;
      const { priority } = request.body;
      const row = await prisma.$transaction(async (tx) => {
        await requireRows(tx, [["credential", id], ["tag", tagId]]);
        await tx.credentialTag.upsert({
          where: { credentialId_tagId: { credentialId: id, tagId } },
          create: { credentialId: id, tagId, priority },
          update: { priority },
        });
        await recordAudit(tx, request, {
          eventType: "data",
          eventName: "credential.link-tag",
          targetType: "credential",
          targetId: id,
          description: `Linked credential ${id} to tag ${tagId} with priority ${priority}`,
          status: "success",
          metadata: { tagId, priority },
        });
        return tx.credential.findUniqueOrThrow({ where: { id }, include: credentialInclude });
      });
      return toCredential(row);
    },
  );

  zapp.delete(
    "/api/credentials/:id/tags/:tagId",
    {
      config,
      schema: {
        tags: ["credentials"],
        operationId: "unlinkCredentialFromTag",
        params: LinkParams,
        response: { 204: z.null(), ...problems(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { id, tagId } = request.params;
      await prisma.$transaction(async (tx) => {
        const { count } = await tx.credentialTag.deleteMany({ where: { credentialId: id, tagId } });
        if (count === 0) throw new NotFoundError(`Credential ${id} is not linked to tag ${tagId}.`);
        await recordAudit(tx, request, {
          eventType: "data",
          eventName: "credential.unlink-tag",
          targetType: "credential",
          targetId: id,
          description: `Unlinked credential ${id} from tag ${tagId}`,
          status: "success",
          metadata: { tagId },
        });
      });
      return reply.code(204).send(null);
    },
  );
}
