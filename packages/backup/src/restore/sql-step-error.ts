import { isNetravenError } from "@netraven/runtime";

import { PrivilegeMissingError, RestoreFailedError } from "../errors.js";

/** A failed SQL step as a typed error (exit 77 for a refused privilege, else 70), never a raw driver error. */
export function sqlStepError(error: unknown, what: string): Error {
  if (isNetravenError(error)) return error;
  const pgError = error as { code?: string; message?: string };
  if (pgError.code === "42501") {
    return new PrivilegeMissingError(`${what} was refused: ${pgError.message}; the target is unchanged. Grant the privilege named, or pass --no-owner`, { cause: error });
  }
  return new RestoreFailedError(`${what} failed: ${pgError.message ?? String(error)}; the target is unchanged`, { cause: error });
}
