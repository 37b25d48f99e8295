import type { Backup } from "@netraven/db-schema";
import type { FastifyInstance } from "fastify";
import { z } from "zod";

import { iso, Timestamp } from "./common-schemas.js";
import { registerCrud } from "./crud.js";

/** A stored device configuration (the record; the text lives at `filePath`). */
export const BackupSchema = z
  .object({
    id: z.uuid(),
    deviceId: z.uuid(),
    version: z.string(),
    filePath: z.string(),
    fileSize: z.number().int(),
    status: z.string(),
    comment: z.string().nullable(),
    contentHash: z.string().describe("SHA-256 of the configuration text, lowercase hex."),
    isAutomatic: z.boolean(),
    serialNumber: z.string().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: "DeviceBackup" });

const CreateBackup = z
  .strictObject({
    deviceId: z.uuid(),
    version: z.string().min(1).max(20),
    filePath: z.string().min(1).max(512),
    fileSize: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    status: z.string().min(1).max(20).regex(/^[a-z_]+$/, "lowercase letters and '_'"),
    contentHash: z.string().regex(/^[0-9a-fA-F]{64}$/, "must be a SHA-256 hex digest").transform((h) => h.toLowerCase()),
    comment: z.string().max(2000).nullable().optional(),
    isAutomatic: z.boolean().optional(),
    serialNumber: z.string().max(50).nullable().optional(),
  })
  .meta({ id: "DeviceBackupCreate" });

const toBackup = (row: Backup): z.input<typeof BackupSchema> => ({
  id: row.id,
  deviceId: row.deviceId,
  version: row.version,
  filePath: row.filePath,
  fileSize: Number(row.fileSize),
  status: row.status,
  comment: row.comment,
  contentHash: row.contentHash,
  isAutomatic: row.isAutomatic,
  serialNumber: row.serialNumber,
  createdAt: iso(row.createdAt),
});

/** /api/backups: device configuration backup records. Records are immutable; deleting a device deletes them. */
export async function backupRoutes(app: FastifyInstance): Promise<void> {
  registerCrud(app, {
    name: "backup",
    plural: "backups",
    prefix: "/api/backups",
    model: (db) => db.backup,
    item: BackupSchema,
    toItem: toBackup,
    filters: z.object({ deviceId: z.uuid().optional(), status: z.string().max(20).optional() }),
    where: (f) => ({ ...(f.deviceId ? { deviceId: f.deviceId } : {}), ...(f.status ? { status: f.status } : {}) }),
    sortFields: ["createdAt", "version", "status"],
    defaultSort: "-createdAt",
    create: { body: CreateBackup, data: ({ fileSize, ...fields }) => ({ ...fields, fileSize: BigInt(fileSize) }) },
    remove: {},
  });
}
