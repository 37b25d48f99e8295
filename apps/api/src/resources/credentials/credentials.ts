import { randomUUID } from "node:crypto";

import type { FastifyInstance } from "fastify";
import { z } from "zod";

import { NotFoundError } from "../../errors.js";
import { registerCrud } from "../crud.js";
import { applySecretChanges } from "./credential-secrets.js";
import { CreateCredential, CredentialSchema, credentialInclude, toCredential, UpdateCredential } from "./credential-schema.js";

const EMPTY = { passwordCiphertext: null, privateKeyCiphertext: null, keyId: null };

/**
 * /api/credentials: anyone may read (secrets are never returned), only
 * administrators write. Secrets are encrypted with the row id as associated
 * data, so the id is chosen here before the insert.
 */
export async function credentialRoutes(app: FastifyInstance): Promise<void> {
  const { keyring } = app.netraven.config;
  registerCrud(app, {
    name: "credential",
    plural: "credentials",
    prefix: "/api/credentials",
    model: (db) => db.credential,
    include: credentialInclude,
    item: CredentialSchema,
    toItem: toCredential,
    filters: z.object({
      name: z.string().max(255).optional().describe("Name contains (case-insensitive)."),
      tagId: z.uuid().optional().describe("Only credentials linked to this tag."),
    }),
    where: (f) => ({
      ...(f.name ? { name: { contains: f.name, mode: "insensitive" } } : {}),
      ...(f.tagId ? { tags: { some: { tagId: f.tagId } } } : {}),
    }),
    sortFields: ["name", "username", "createdAt", "lastSuccess"],
    defaultSort: "name",
    access: { write: "admin" },
    create: {
      body: CreateCredential,
      data({ password, privateKey, ...fields }) {
        const id = randomUUID();
        return { id, ...fields, ...applySecretChanges(keyring, id, EMPTY, { password, privateKey }) };
      },
    },
    update: {
      body: UpdateCredential,
      async data({ password, privateKey, ...fields }, { tx, id }) {
        const current = await tx.credential.findUnique({
          where: { id },
          select: { passwordCiphertext: true, privateKeyCiphertext: true, keyId: true },
        });
        if (!current) throw new NotFoundError(`No credential with id ${id}.`);
        return { ...fields, ...applySecretChanges(keyring, id, current, { password, privateKey }) };
      },
    },
    remove: {},
  });
}
