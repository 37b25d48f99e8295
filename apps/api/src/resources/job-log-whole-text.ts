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

  // One job-log column, whole, by the log's id.
  const wholeField = (field: "resultMessage" | "jobData", path: string, operationId: string, summary: string, item: z.ZodType) =>
    zapp.get(`/api/job-logs/:id/${path}`, { schema: { tags, operationId, summary, params: IdParams, response: { 200: item, ...problems(401, 404, 422) } } }, async (request) => {
      const row = await prisma.jobLog.findUnique({ where: { id: request.params.id }, select: { id: true, [field]: true } });
      if (!row) throw new NotFoundError(`No job log with id ${request.params.id}.`);
      return row;
    });
  wholeField("resultMessage", "result-message", "getJobLogResultMessage", "Get a job log's whole result message", ResultMessage);
  wholeField("jobData", "job-data", "getJobLogJobData", "Get a job log's whole job data", JobData);

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
