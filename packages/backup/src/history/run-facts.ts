import type { CreateBackupResult } from "../create/create-backup.js";
import type { VerifyReport } from "../verify/verify-backup.js";
import { historyMessage } from "./history-message.js";
import type { RunFacts } from "./track-run.js";

/** A created backup's row: id, when its dump was taken, size. */
export function createdFacts(result: CreateBackupResult): RunFacts {
  return { backupId: result.id, backupCreatedAt: new Date(result.manifest.startedAt), sizeBytes: result.bytes };
}

/** A verification's row: verified (and test-restored) times when it passed, VERIFY_FAILED with the problems when not. */
export function verifiedFacts(report: VerifyReport): RunFacts {
  const now = new Date();
  const restoreTested = report.checks.some((c) => c.name === "restore-test" && c.ok);
  const about = { backupId: report.id, backupCreatedAt: new Date(report.backupStartedAt), sizeBytes: report.bytes };
  if (!report.ok) return { ...about, outcome: "failed", errorCode: "VERIFY_FAILED", message: historyMessage(`backup ${report.id} failed verification: ${report.problems.join("; ")}`) };
  return { ...about, verifiedAt: now, restoreTestedAt: restoreTested ? now : null };
}
