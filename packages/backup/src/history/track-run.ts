import { isNetravenError } from "@netraven/runtime";

import { historyMessage } from "./history-message.js";
import type { RunRecord, RunRecorder } from "./run-recorder.js";

/** What a finished run adds to its row (outcome "failed" for a run that returned a failure, such as a failed verification). */
export type RunFacts = Partial<Omit<RunRecord, "kind" | "startedAt" | "finishedAt">>;

/** The columns of a run that threw. */
export function failureFacts(error: unknown): RunFacts {
  const code = isNetravenError(error) ? error.code : "INTERNAL";
  return { outcome: "failed", errorCode: code, message: historyMessage(error), cause: error };
}

/**
 * Runs `fn` and records it as one `backup_runs` row, whether it returns or
 * throws (the error is rethrown after recording). Without a recorder it only runs `fn`.
 */
export async function trackRun<T>(recorder: RunRecorder | undefined, kind: RunRecord["kind"], fn: () => Promise<T>, facts: (result: T) => RunFacts): Promise<T> {
  const startedAt = new Date();
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    await recorder?.record({ kind, startedAt, finishedAt: new Date(), outcome: "failed", ...failureFacts(error) });
    throw error;
  }
  await recorder?.record({ kind, startedAt, finishedAt: new Date(), outcome: "ok", ...facts(result) });
  return result;
}
