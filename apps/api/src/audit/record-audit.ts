import type { Prisma, PrismaTransaction } from "@netraven/db-schema";
import type { FastifyRequest } from "fastify";

/** One audit event. Metadata holds names and ids only, never values of secret fields. */
export interface AuditEvent {
  /** `auth`, `admin`, `key` or `data`. */
  eventType: "auth" | "admin" | "key" | "data";
  /** e.g. `device.create`, `login.failure`. */
  eventName: string;
  targetType?: string;
  targetId?: string;
  description: string;
  status: "success" | "failure" | "error" | "warning";
  metadata?: Prisma.InputJsonValue;
  /** Actor when it is not the request's authenticated user (a login attempt). */
  actorId?: string | null;
}

type AuditWriter = Pick<PrismaTransaction, "auditLog">;

/**
 * Appends an audit row, inside the caller's transaction when given one so a
 * change and its record commit together. Who, from where and which request
 * come from the Fastify request.
 */
export async function recordAudit(db: AuditWriter, request: FastifyRequest, event: AuditEvent): Promise<void> {
  await db.auditLog.create({
    data: {
      eventType: event.eventType,
      eventName: event.eventName,
      actorId: event.actorId === undefined ? (request.user?.id ?? null) : event.actorId,
      actorType: "user",
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      ipAddress: request.ip.slice(0, 45),
      userAgent: request.headers["user-agent"]?.slice(0, 500) ?? null,
      sessionId: request.id.slice(0, 64),
      description: event.description.slice(0, 1000),
      status: event.status,
      ...(event.metadata === undefined ? {} : { eventMetadata: event.metadata }),
    },
  });
}
