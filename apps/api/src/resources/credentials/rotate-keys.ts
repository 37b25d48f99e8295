import type { PrismaClient } from "@netraven/db-schema";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { recordAudit } from "../../audit/record-audit.js";
import type { Keyring } from "../../crypto/keyring.js";
import { isApiError } from "../../errors.js";
import { problems } from "../common-schemas.js";
import { rotateSettingKeys } from "../setting-secrets.js";
import { applySecretChanges } from "./credential-secrets.js";

/** Result of {@link rotateCredentialKeys}. */
export interface RotationReport {
  activeKeyId: string;
  /** Rows re-encrypted under the active key. */
  rotated: number;
  /** Rows that could not be decrypted (their key is missing from the keyring); they are left as they are. */
  failed: { id: string; keyId: string | null; reason: string }[];
}

const BATCH_SIZE = 100;

/**
 * Re-encrypts every credential whose secrets are under another key than the
 * active one. Each row is updated only if its key id is still the one read
 * (a concurrent edit wins), so the command is safe to run while serving.
 */
export async function rotateCredentialKeys(prisma: PrismaClient, keyring: Keyring): Promise<RotationReport> {
  const report: RotationReport = { activeKeyId: keyring.activeKeyId, rotated: 0, failed: [] };
  const skipped: string[] = [];
  for (;;) {
    const rows = await prisma.credential.findMany({
      where: { keyId: { not: keyring.activeKeyId }, id: { notIn: skipped } },
      select: { id: true, keyId: true, passwordCiphertext: true, privateKeyCiphertext: true },
      orderBy: { id: "asc" },
      take: BATCH_SIZE,
    });
    if (rows.length === 0) return report;
    for (const row of rows) {
      try {
        const next = applySecretChanges(keyring, row.id, row, {});
        const { count } = await prisma.credential.updateMany({ where: { id: row.id, keyId: row.keyId }, data: next });
        report.rotated += count;
      } catch (error) {
        if (!isApiError(error)) throw error;
        skipped.push(row.id);
        report.failed.push({ id: row.id, keyId: row.keyId, reason: error.message });
      }
    }
  }
}

const RotationSchema = z
  .object({
    activeKeyId: z.string(),
    rotated: z.number().int(),
    settingsRotated: z.number().int().describe("Sensitive admin settings re-encrypted."),
    failed: z.array(z.object({ id: z.uuid(), keyId: z.string().nullable(), reason: z.string() })),
  })
  .meta({ id: "KeyRotationReport" });

/** POST /api/credentials/rotate-keys (administrators): re-encrypt all secrets under ENCRYPTION_ACTIVE_KEY_ID. */
export async function rotateKeysRoute(app: FastifyInstance): Promise<void> {
  const { prisma, config } = app.netraven;
  app.withTypeProvider<ZodTypeProvider>().post(
    "/api/credentials/rotate-keys",
    {
      config: { admin: true },
      schema: {
        tags: ["credentials"],
        operationId: "rotateCredentialKeys",
        description: "Re-encrypts every credential secret and sensitive admin setting under the active key. Run after adding a key and making it active; then the old key can be removed.",
        response: { 200: RotationSchema, ...problems(401, 403) },
      },
    },
    async (request) => {
      const report = { ...(await rotateCredentialKeys(prisma, config.keyring)), settingsRotated: await rotateSettingKeys(prisma, config.keyring) };
      await recordAudit(prisma, request, {
        eventType: "key",
        eventName: "credential.rotate-keys",
        description: `Re-encrypted ${report.rotated} credential(s) and ${report.settingsRotated} setting(s) under key ${report.activeKeyId}`,
        status: report.failed.length > 0 ? "warning" : "success",
        metadata: { activeKeyId: report.activeKeyId, rotated: report.rotated, settingsRotated: report.settingsRotated, failed: report.failed.map((f) => f.id) },
      });
      return report;
    },
  );
}
