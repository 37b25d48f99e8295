import type { ValidationReport } from "@netraven/schema-init";
import { validateSchema } from "@netraven/schema-init";

import { RestoreValidationError } from "../errors.js";

/**
 * Runs schema-init's validator on a restored database. Pending migrations
 * (a backup of an older release) are a warning; failed migrations or schema
 * differences are a RestoreValidationError listing them.
 */
export async function validateRestored(targetUrl: string, target: string, schema: string, warnings: string[]): Promise<ValidationReport> {
  const report = await validateSchema({ databaseUrl: targetUrl, schema });
  // A backup from an older release is behind by design: its catalog differs
  // from today's schema until schema-init brings it forward.
  if (report.pendingMigrations.length > 0 && report.failedMigrations.length === 0) {
    warnings.push(`"${target}" is ${report.pendingMigrations.length} migration(s) behind this release; run schema-init up against it before pointing the API at it`);
    return report;
  }
  const errors = report.problems.filter((p) => p.severity === "error");
  if (report.failedMigrations.length > 0 || errors.length > 0) {
    const reasons = [...report.failedMigrations.map((m) => `failed migration ${m}`), ...errors.map((p) => p.message)];
    throw new RestoreValidationError(
      `restored into "${target}", but it does not match the NetRaven schema: ${reasons.slice(0, 5).join("; ")}${reasons.length > 5 ? ` (+${reasons.length - 5} more)` : ""}; inspect it before use, or drop it`,
      { context: { target, failedMigrations: report.failedMigrations, problems: errors } },
    );
  }
  for (const problem of report.problems) warnings.push(problem.message);
  return report;
}

