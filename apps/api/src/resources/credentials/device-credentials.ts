import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { NotFoundError } from "../../errors.js";
import { IdParams, problems } from "../common-schemas.js";
import type { CredentialRow } from "./credential-schema.js";
import { CredentialSchema, credentialInclude, toCredential } from "./credential-schema.js";

const Candidate = CredentialSchema.extend({
  /** The best (lowest) priority among the tags the credential shares with the device. */
  priority: z.number().int(),
  matchedTags: z.array(z.string()),
}).meta({ id: "CredentialCandidate" });

/**
 * Orders candidates the way a backup job tries them: lowest priority first,
 * then the one that succeeded most recently, then by name for stability.
 */
export function orderCandidates<T extends { priority: number; lastSuccess: Date | null; name: string }>(candidates: T[]): T[] {
  return [...candidates].sort(
    (a, b) =>
      a.priority - b.priority ||
      (b.lastSuccess?.getTime() ?? -Infinity) - (a.lastSuccess?.getTime() ?? -Infinity) ||
      a.name.localeCompare(b.name),
  );
}

/** GET /api/devices/{id}/credentials: the credentials that share a tag with the device, in the order they would be tried. */
export async function deviceCredentialRoutes(app: FastifyInstance): Promise<void> {
  const { prisma } = app.netraven;
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/devices/:id/credentials",
    {
      schema: {
        tags: ["devices", "credentials"],
        operationId: "listDeviceCredentials",
        params: IdParams,
        response: { 200: z.object({ items: z.array(Candidate) }), ...problems(401, 404, 422) },
      },
    },
    async (request) => {
      const device = await prisma.device.findUnique({ where: { id: request.params.id }, select: { tags: { select: { tagId: true } } } });
      if (!device) throw new NotFoundError(`No device with id ${request.params.id}.`);
      const links = await prisma.credentialTag.findMany({
        where: { tagId: { in: device.tags.map((t) => t.tagId) } },
        include: { tag: { select: { name: true } }, credential: { include: credentialInclude } },
      });
      const byCredential = new Map<string, { row: CredentialRow; priority: number; matchedTags: string[]; lastSuccess: Date | null; name: string }>();
      for (const link of links) {
        const entry = byCredential.get(link.credentialId);
        if (entry) {
          entry.priority = Math.min(entry.priority, link.priority);
          entry.matchedTags.push(link.tag.name);
        } else {
          const row = link.credential;
          byCredential.set(link.credentialId, { row, priority: link.priority, matchedTags: [link.tag.name], lastSuccess: row.lastSuccess, name: row.name });
        }
      }
      const items = orderCandidates([...byCredential.values()]).map((c) => ({
        ...toCredential(c.row),
        priority: c.priority,
        matchedTags: c.matchedTags.sort(),
      }));
      return { items };
    },
  );
}
