import type { FastifyInstance } from "fastify";
import { z } from "zod";

import { repeated, Timestamp } from "./common-schemas.js";
import { registerCrud } from "./crud.js";
import type { DeviceReadRow } from "./device-reads.js";
import { listDeviceRows, readDeviceRow } from "./device-reads.js";

/** Tag every device gets on creation, when it exists (seeded by schema-init). */
export const DEFAULT_TAG_NAME = "default";

const TagRef = z.object({ id: z.uuid(), name: z.string() });

export const DeviceSchema = z
  .object({
    id: z.uuid(),
    hostname: z.string(),
    ipAddress: z.string(),
    deviceType: z.string(),
    port: z.number().int(),
    description: z.string().nullable(),
    serialNumber: z.string().nullable(),
    enabled: z.boolean(),
    lastBackupAt: Timestamp.nullable(),
    lastBackupStatus: z.string().nullable(),
    isReachable: z.boolean().nullable(),
    ownerId: z.uuid().nullable(),
    tags: z.array(TagRef),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Device" });

const writable = {
  hostname: z.string().trim().min(1).max(255).regex(/^\S+$/, "must not contain spaces"),
  ipAddress: z.union([z.ipv4(), z.ipv6()]),
  deviceType: z.string().min(1).max(50).regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '_', '.' or '-'"),
  port: z.number().int().min(1).max(65_535),
  description: z.string().max(2000).nullable(),
  serialNumber: z.string().max(100).nullable(),
  enabled: z.boolean(),
  ownerId: z.uuid().nullable(),
};

const CreateDevice = z
  .strictObject({
    ...writable,
    port: writable.port.default(22),
    description: writable.description.optional(),
    serialNumber: writable.serialNumber.optional(),
    enabled: writable.enabled.optional(),
    ownerId: writable.ownerId.optional(),
    tagIds: z.array(z.uuid()).max(100).optional().describe("Tags to attach besides the default tag."),
  })
  .meta({ id: "DeviceCreate" });

const UpdateDevice = z.strictObject(writable).partial().meta({ id: "DeviceUpdate" });

const Filters = z.object({
  hostname: z.string().max(255).optional().describe("Hostname contains (case-insensitive)."),
  tag: repeated(z.string().max(50)).optional().describe("Tag name; repeat to require several tags."),
  deviceType: z.string().max(50).optional(),
});

/** Maps a device row (with its tags, by name) to the API shape. */
export function toDevice(row: DeviceReadRow): z.input<typeof DeviceSchema> {
  return {
    id: row.id,
    hostname: row.hostname,
    ipAddress: row.ip_address,
    deviceType: row.device_type,
    port: row.port,
    description: row.description,
    serialNumber: row.serial_number,
    enabled: row.enabled,
    lastBackupAt: row.last_backup_at,
    lastBackupStatus: row.last_backup_status,
    isReachable: row.is_reachable,
    ownerId: row.owner_id,
    tags: row.tags,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** /api/devices: inventory with filters, sorting and pagination. Deleting a device removes its backups, schedules and tag links. */
export async function deviceRoutes(app: FastifyInstance): Promise<void> {
  const { pool } = app.netraven;
  registerCrud(app, {
    name: "device",
    plural: "devices",
    prefix: "/api/devices",
    model: (db) => db.device,
    item: DeviceSchema,
    toItem: toDevice,
    filters: Filters,
    reads: { list: (query) => listDeviceRows(pool, query), get: (id) => readDeviceRow(pool, id) },
    sortFields: ["hostname", "ipAddress", "deviceType", "createdAt", "updatedAt"],
    defaultSort: "hostname",
    create: {
      body: CreateDevice,
      async data({ tagIds, ...fields }, { tx }) {
        const defaultTag = await tx.tag.findUnique({ where: { name: DEFAULT_TAG_NAME }, select: { id: true } });
        const ids = new Set([...(defaultTag ? [defaultTag.id] : []), ...(tagIds ?? [])]);
        return { ...fields, tags: { create: [...ids].map((tagId) => ({ tagId })) } };
      },
    },
    update: { body: UpdateDevice, data: (body) => body },
    remove: {},
  });
}
