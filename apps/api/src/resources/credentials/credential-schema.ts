import type { Credential, CredentialTag, Tag } from "@netraven/db-schema";
import { z } from "zod";

import { iso, Timestamp } from "../common-schemas.js";

/** A credential as the API shows it: secrets are write-only, only their presence is visible. */
export const CredentialSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    username: z.string(),
    hasPassword: z.boolean(),
    hasPrivateKey: z.boolean(),
    /** Key the secrets are encrypted under (rotation progress), never key material. */
    keyId: z.string().nullable(),
    useKeys: z.boolean(),
    successCount: z.number().int(),
    failureCount: z.number().int(),
    lastUsed: Timestamp.nullable(),
    lastSuccess: Timestamp.nullable(),
    lastFailure: Timestamp.nullable(),
    tags: z.array(z.object({ tagId: z.uuid(), tagName: z.string(), priority: z.number().int() })),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Credential" });

const secret = (max: number) => z.string().min(1).max(max).meta({ writeOnly: true });

const writable = {
  name: z.string().trim().min(1).max(255),
  description: z.string().max(2000).nullable().optional(),
  username: z.string().min(1).max(255),
  useKeys: z.boolean().optional(),
};

export const CreateCredential = z
  .strictObject({ ...writable, password: secret(1024).optional(), privateKey: secret(16_384).optional() })
  .meta({ id: "CredentialCreate" });

/** In an update an omitted secret is kept and `null` clears it. */
export const UpdateCredential = z
  .strictObject({ ...writable, password: secret(1024).nullable(), privateKey: secret(16_384).nullable() })
  .partial()
  .meta({ id: "CredentialUpdate" });

export type CredentialRow = Credential & { tags: (CredentialTag & { tag: Tag })[] };

/** Prisma include that {@link toCredential} needs. */
export const credentialInclude = { tags: { include: { tag: true }, orderBy: { priority: "asc" as const } } };

/** Maps a row to the API shape; ciphertext never leaves this function. */
export function toCredential(row: CredentialRow): z.input<typeof CredentialSchema> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    username: row.username,
    hasPassword: row.passwordCiphertext !== null,
    hasPrivateKey: row.privateKeyCiphertext !== null,
    keyId: row.keyId,
    useKeys: row.useKeys,
    successCount: row.successCount,
    failureCount: row.failureCount,
    lastUsed: iso(row.lastUsed),
    lastSuccess: iso(row.lastSuccess),
    lastFailure: iso(row.lastFailure),
    tags: row.tags.map((link) => ({ tagId: link.tagId, tagName: link.tag.name, priority: link.priority })),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
