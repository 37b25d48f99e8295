import { randomUUID } from "node:crypto";

import type { JobLog, JobLogEntry } from "@netraven/db-schema";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { recordAudit } from "../audit/record-audit.js";
import { DateTimeInput, iso, problems, Timestamp } from "./common-schemas.js";
import { registerCrud, registerList } from "./crud.js";
import { jsonInput } from "./json-input.js";
import { INLINE_JSON_BYTES, INLINE_TEXT_CHARS, inlineJson, inlineText } from "./large-text.js";
import { registerJobLogWholeText } from "./job-log-whole-text.js";
import { pageQuery } from "./pagination.js";
import { readPrismaPage } from "./prisma-page.js";
import { requireRows } from "./require-rows.js";

const STATUSES = ["pending", "running", "completed", "failed", "cancelled"] as const;
const LEVELS = ["debug", "info", "warning", "error", "critical"] as const;

export const JobLogSchema = z
  .object({
    id: z.uuid(),
    sessionId: z.string(),
    jobType: z.string(),
    status: z.string(),
    startTime: Timestamp,
    endTime: Timestamp.nullable(),
    resultMessage: z.string().nullable().describe(`At most ${INLINE_TEXT_CHARS} characters; the whole text is at links.resultMessage.`),
    resultMessageTruncated: z.boolean(),
    jobData: z.unknown().nullable().describe(`Left out (null) when its JSON exceeds ${INLINE_JSON_BYTES} bytes; the whole value is at links.jobData.`),
    jobDataTruncated: z.boolean(),
    retentionDays: z.number().int().nullable(),
    deviceId: z.uuid().nullable(),
    createdBy: z.uuid().nullable(),
    links: z.object({ resultMessage: z.string(), jobData: z.string() }),
  })
  .meta({ id: "JobLog" });

const EntrySchema = z
  .object({
    id: z.uuid(),
    jobLogId: z.uuid(),
    timestamp: Timestamp,
    level: z.string(),
    category: z.string().nullable(),
    message: z.string().describe(`At most ${INLINE_TEXT_CHARS} characters; the whole entry is at links.self.`),
    messageTruncated: z.boolean(),
    details: z.unknown().nullable().describe(`Left out (null) when its JSON exceeds ${INLINE_JSON_BYTES} bytes; see links.self.`),
    detailsTruncated: z.boolean(),
    credentialUsername: z.string().nullable(),
    links: z.object({ self: z.string() }),
  })
  .meta({ id: "JobLogEntry" });

const writable = {
  status: z.enum(STATUSES),
  endTime: DateTimeInput.nullable().optional(),
  resultMessage: z.string().max(10_000).nullable().optional(),
  jobData: z.record(z.string(), z.unknown()).nullable().optional(),
};
const CreateJobLog = z
  .strictObject({
    ...writable,
    jobType: z.string().min(1).max(50),
    sessionId: z.string().min(1).max(36).optional().describe("Groups the logs of one run; generated when absent."),
    deviceId: z.uuid().nullable().optional(),
    retentionDays: z.number().int().min(1).max(3650).nullable().optional(),
  })
  .meta({ id: "JobLogCreate" });
const UpdateJobLog = z.strictObject(writable).partial().meta({ id: "JobLogUpdate" });

const CreateEntry = z
  .strictObject({
    level: z.enum(LEVELS),
    message: z.string().min(1).max(100_000),
    category: z.string().max(50).nullable().optional(),
    details: z.record(z.string(), z.unknown()).nullable().optional(),
    credentialUsername: z.string().max(255).nullable().optional(),
  })
  .meta({ id: "JobLogEntryCreate" });

const toJobLog = (row: JobLog): z.input<typeof JobLogSchema> => {
  const result = inlineText(row.resultMessage);
  const data = inlineJson(row.jobData);
  const base = `/api/job-logs/${row.id}`;
  return {
    ...row,
    startTime: iso(row.startTime),
    endTime: iso(row.endTime),
    resultMessage: result.value,
    resultMessageTruncated: result.truncated,
    jobData: data.value,
    jobDataTruncated: data.truncated,
    links: { resultMessage: `${base}/result-message`, jobData: `${base}/job-data` },
  };
};
const toEntry = (row: JobLogEntry): z.input<typeof EntrySchema> => {
  const message = inlineText(row.message);
  const details = inlineJson(row.details);
  return {
    id: row.id,
    jobLogId: row.jobLogId,
    timestamp: iso(row.timestamp),
    level: row.level,
    category: row.category,
    message: message.value ?? "",
    messageTruncated: message.truncated,
    details: details.value,
    detailsTruncated: details.truncated,
    credentialUsername: row.credentialUsername,
    links: { self: `/api/job-logs/${row.jobLogId}/entries/${row.id}/full` },
  };
};

function toData({ endTime, jobData, ...fields }: Partial<z.infer<typeof CreateJobLog>>) {
  return { ...fields, jobData: jsonInput(jobData), ...(endTime === undefined ? {} : { endTime: endTime === null ? null : new Date(endTime) }) };
}

/** /api/job-logs and their entries. Logs outlive the device and the user they mention. */
export async function jobLogRoutes(app: FastifyInstance): Promise<void> {
  const { prisma } = app.netraven;
  registerCrud(app, {
    name: "job-log",
    plural: "job-logs",
    prefix: "/api/job-logs",
    model: (db) => db.jobLog,
    item: JobLogSchema,
    toItem: toJobLog,
    filters: z.object({ deviceId: z.uuid().optional(), status: z.enum(STATUSES).optional(), jobType: z.string().max(50).optional() }),
    where: (f) => ({
      ...(f.deviceId ? { deviceId: f.deviceId } : {}),
      ...(f.status ? { status: f.status } : {}),
      ...(f.jobType ? { jobType: f.jobType } : {}),
    }),
    sortFields: ["startTime", "status", "jobType"],
    defaultSort: "-startTime",
    create: { body: CreateJobLog, data: (body, { user }) => ({ sessionId: randomUUID(), ...toData(body), createdBy: user.id }) },
    update: { body: UpdateJobLog, data: (body) => toData(body) },
    remove: {},
  });

  // Entries carry messages of up to 100 KB: 200 of them bound a page to about 20 MB.
  const EntryQuery = pageQuery(["timestamp"], "timestamp", { maxLimit: 200, defaultLimit: 100 }).extend({ level: z.enum(LEVELS).optional() });
  const Params = z.object({ id: z.uuid() });
  registerList(app, {
    url: "/api/job-logs/:id/entries",
    operationId: "listJobLogEntries",
    tags: ["job-logs"],
    admin: false,
    query: EntryQuery,
    params: Params,
    item: EntrySchema,
    async fetch({ sort, level }, { id }, page) {
      await requireRows(prisma, [["jobLog", id as string]]);
      const where = { jobLogId: id, ...(level ? { level } : {}) };
      const result = await readPrismaPage({ model: prisma.jobLogEntry, where, keys: ["timestamp"], descending: sort === "-timestamp", nullable: () => false }, page);
      return { ...result, items: result.items.map((row) => toEntry(row as unknown as JobLogEntry)) };
    },
  });

  registerJobLogWholeText(app);

  app.withTypeProvider<ZodTypeProvider>().post(
    "/api/job-logs/:id/entries",
    {
      schema: {
        tags: ["job-logs"],
        operationId: "createJobLogEntry",
        params: Params,
        body: CreateEntry,
        response: { 201: EntrySchema, ...problems(401, 404, 422) },
      },
    },
    async (request, reply) => {
      const { details, ...fields } = request.body;
      const row = await prisma.$transaction(async (tx) => {
        await requireRows(tx, [["jobLog", request.params.id]]);
        const entry = await tx.jobLogEntry.create({ data: { ...fields, details: jsonInput(details), jobLogId: request.params.id } });
        await recordAudit(tx, request, {
          eventType: "data",
          eventName: "job-log-entry.create",
          targetType: "job-log",
          targetId: request.params.id,
          description: `Added a ${fields.level} entry to job log ${request.params.id}`,
          status: "success",
        });
        return entry;
      });
      return reply.code(201).send(toEntry(row));
    },
  );
}
