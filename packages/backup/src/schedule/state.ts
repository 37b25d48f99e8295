import { readFile } from "node:fs/promises";
import path from "node:path";

import { z } from "zod";

import { writeFileAtomic } from "../store/atomic.js";
import { STATE_FILE } from "../store/layout.js";

/** What the scheduler records after every run; `health` reads it. */
export const ScheduleStateSchema = z.object({
  stateVersion: z.literal(1),
  updatedAt: z.iso.datetime(),
  lastRun: z
    .object({
      startedAt: z.iso.datetime(),
      finishedAt: z.iso.datetime(),
      ok: z.boolean(),
      backupId: z.string().optional(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    })
    .nullable(),
  /** The newest backup that was created and passed verification. */
  lastVerified: z
    .object({
      id: z.string(),
      verifiedAt: z.iso.datetime(),
      backupStartedAt: z.iso.datetime(),
      bytes: z.number().int().nonnegative(),
      restoreTested: z.boolean(),
    })
    .nullable(),
  /** Verified runs so far (decides when the next test restore is due). */
  verifiedRuns: z.number().int().nonnegative(),
  nextRunAt: z.iso.datetime().nullable(),
});
export type ScheduleState = z.infer<typeof ScheduleStateSchema>;

/** The state before the first run. */
export const EMPTY_STATE: ScheduleState = {
  stateVersion: 1,
  updatedAt: new Date(0).toISOString(),
  lastRun: null,
  lastVerified: null,
  verifiedRuns: 0,
  nextRunAt: null,
};

/** Reads the state file; undefined when there is none yet or it is unreadable. */
export async function readScheduleState(dir: string): Promise<ScheduleState | undefined> {
  try {
    const parsed = ScheduleStateSchema.safeParse(JSON.parse(await readFile(path.join(dir, STATE_FILE), "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the state file atomically. */
export async function writeScheduleState(dir: string, state: ScheduleState): Promise<void> {
  await writeFileAtomic(path.join(dir, STATE_FILE), `${JSON.stringify({ ...state, updatedAt: new Date().toISOString() }, null, 2)}\n`);
}
