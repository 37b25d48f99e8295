import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { NotFoundError } from "../errors.js";
import { IdParams, iso, problems, Timestamp } from "./common-schemas.js";

const ResultMessage = z.object({ id: z.uuid(), resultMessage: z.string().nullable() }).meta({ id: "JobLogResultMessage" });
const JobData = z.object({ id: z.uuid(), jobData: z.unknown().nullable() }).meta({ id: "JobLogJobData" });
const FullEntry = z
  .object({ id: z.uuid(), jobLogId: z.uuid(), timestamp: Timestamp, level: z.string(), message: z.string(), details: z.unknown().nullable() })
  .meta({ id: "JobLogEntryFull" });
const EntryParams = z.object({ id: z.uuid(), entryId: z.uuid() });

/**
 * The whole of what job-log records show cut (large-text.ts): one record at
 * a time, each on its own endpoint, so no list answer carries megabytes.
 */
export function registerJobLogWholeText(app: FastifyInstance): void {
  const { prisma } = app.netraven;
  const zapp = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["job-logs"];

  zapp.get(
    "/api/job-logs/:id/result-message",
    { schema: { tags, operationId: "getJobLogResultMessage", summary: "Get a job log's whole result message", params: IdParams, response: { 200: ResultMessage, ...problems(401, 404, 422) } } },
    async (request) => {
      const row = await prisma.jobLog.findUnique({ where: { id: request.params.id }, select: { id: true, resultMessage: true } });
      if (!row) throw new NotFoundError(`No job log with id ${request.params.id}.`);
      return row;
    },
  );

  zapp.get(
    "/api/job-logs/:id/job-data",
    { schema: { tags, operationId: "getJobLogJobData", summary: "Get a job log's whole job data", params: IdParams, response: { 200: JobData, ...problems(401, 404, 422) } } },
    async (request) => {
      const row = await prisma.jobLog.findUnique({ where: { id: request.params.id }, select: { id: true, jobData: true } });
      if (!row) throw new NotFoundError(`No job log with id ${request.params.id}.`);
      return row;
    },
  );

  zapp.get(
    "/api/job-logs/:id/entries/:entryId/full",
    { schema: { tags, operationId: "getJobLogEntryFull", summary: "Get one job log entry in full", params: EntryParams, response: { 200: FullEntry, ...problems(401, 404, 422) } } },
    async (request) => {
      const row = await prisma.jobLogEntry.findFirst({
        where: { id: request.params.entryId, jobLogId: request.params.id },
        select: { id: true, jobLogId: true, timestamp: true, level: true, message: true, details: true },
      });
      if (!row) throw new NotFoundError(`No entry ${request.params.entryId} in job log ${request.params.id}.`);
      return { ...row, timestamp: iso(row.timestamp) };
    },
  );
}
