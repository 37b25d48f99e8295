import type { ScheduledJob } from "@netraven/db-schema";
import type { FastifyInstance } from "fastify";
import { z } from "zod";

import { DateTimeInput, iso, Timestamp } from "./common-schemas.js";
import { registerCrud } from "./crud.js";
import { jsonInput } from "./json-input.js";

const SCHEDULE_TYPES = ["immediate", "one_time", "daily", "weekly", "monthly", "yearly"] as const;

export const ScheduledJobSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scheduleType: z.string(),
    scheduleTime: z.string().nullable(),
    scheduleInterval: z.number().int().nullable(),
    scheduleDay: z.string().nullable(),
    enabled: z.boolean(),
    lastRun: Timestamp.nullable(),
    nextRun: Timestamp.nullable(),
    jobData: z.unknown().nullable(),
    deviceId: z.uuid(),
    createdBy: z.uuid().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "ScheduledJob" });

const writable = {
  name: z.string().trim().min(1).max(255),
  scheduleType: z.enum(SCHEDULE_TYPES),
  scheduleTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (24 h)").nullable().optional(),
  scheduleInterval: z.number().int().min(1).max(1_000_000).nullable().optional(),
  scheduleDay: z.string().max(10).nullable().optional(),
  enabled: z.boolean().optional(),
  nextRun: DateTimeInput.nullable().optional(),
  jobData: z.record(z.string(), z.unknown()).nullable().optional(),
  deviceId: z.uuid(),
};
const CreateScheduledJob = z.strictObject(writable).meta({ id: "ScheduledJobCreate" });
const UpdateScheduledJob = z.strictObject(writable).partial().meta({ id: "ScheduledJobUpdate" });

type JobInput = Partial<z.infer<typeof CreateScheduledJob>>;

// Dates arrive as ISO strings; an explicit null clears.
function toData({ jobData, nextRun, ...fields }: JobInput) {
  return {
    ...fields,
    jobData: jsonInput(jobData),
    ...(nextRun === undefined ? {} : { nextRun: nextRun === null ? null : new Date(nextRun) }),
  };
}

const toScheduledJob = (row: ScheduledJob): z.input<typeof ScheduledJobSchema> => ({
  ...row,
  lastRun: iso(row.lastRun),
  nextRun: iso(row.nextRun),
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

/** /api/scheduled-jobs: when backups run for a device. A device's schedules go with the device. */
export async function scheduledJobRoutes(app: FastifyInstance): Promise<void> {
  registerCrud(app, {
    name: "scheduled-job",
    plural: "scheduled-jobs",
    prefix: "/api/scheduled-jobs",
    model: (db) => db.scheduledJob,
    item: ScheduledJobSchema,
    toItem: toScheduledJob,
    filters: z.object({ deviceId: z.uuid().optional(), enabled: z.enum(["true", "false"]).optional() }),
    where: (f) => ({ ...(f.deviceId ? { deviceId: f.deviceId } : {}), ...(f.enabled ? { enabled: f.enabled === "true" } : {}) }),
    sortFields: ["name", "nextRun", "createdAt"],
    defaultSort: "name",
    create: { body: CreateScheduledJob, data: (body, { user }) => ({ ...toData(body), createdBy: user.id }) },
    update: { body: UpdateScheduledJob, data: (body) => toData(body) },
    remove: {},
  });
}
