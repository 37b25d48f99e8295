import type { AuditLog } from "@netraven/db-schema";
import type { FastifyInstance } from "fastify";
import { z } from "zod";

import { iso, Timestamp } from "./common-schemas.js";
import { registerCrud } from "./crud.js";

export const AuditLogSchema = z
  .object({
    id: z.uuid(),
    eventType: z.string(),
    eventName: z.string(),
    actorId: z.string().nullable(),
    actorType: z.string().nullable(),
    targetId: z.string().nullable(),
    targetType: z.string().nullable(),
    ipAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
    sessionId: z.string().nullable().describe("The X-Request-ID of the request that caused the event."),
    description: z.string(),
    status: z.string(),
    eventMetadata: z.unknown().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: "AuditLog" });

const toAuditLog = (row: AuditLog): z.input<typeof AuditLogSchema> => ({ ...row, createdAt: iso(row.createdAt) });

/** /api/audit-logs (administrators, read-only): every change and every login attempt. */
export async function auditLogRoutes(app: FastifyInstance): Promise<void> {
  registerCrud(app, {
    name: "audit-log",
    plural: "audit-logs",
    prefix: "/api/audit-logs",
    model: (db) => db.auditLog,
    item: AuditLogSchema,
    toItem: toAuditLog,
    filters: z.object({
      eventType: z.enum(["auth", "admin", "key", "data"]).optional(),
      eventName: z.string().max(64).optional(),
      actorId: z.string().max(255).optional(),
      targetType: z.string().max(32).optional(),
      targetId: z.string().max(255).optional(),
      status: z.enum(["success", "failure", "error", "warning"]).optional(),
    }),
    where: (f) => Object.fromEntries(Object.entries(f).filter(([, value]) => value !== undefined)),
    sortFields: ["createdAt", "eventName"],
    defaultSort: "-createdAt",
    access: { read: "admin", write: "admin" },
  });
}
