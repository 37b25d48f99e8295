import type { PrismaTransaction } from "@netraven/db-schema";

import { NotFoundError } from "../errors.js";

type Referable = "device" | "tag" | "credential" | "jobLog";

/**
 * Checks that every row named in a path exists, so a link to a missing row
 * is a 404 naming it rather than a foreign-key error.
 */
export async function requireRows(tx: Pick<PrismaTransaction, Referable>, refs: [Referable, string][]): Promise<void> {
  const found = await Promise.all(
    refs.map(([model, id]) =>
      (tx[model] as unknown as { findUnique(args: object): Promise<unknown> }).findUnique({ where: { id }, select: { id: true } }),
    ),
  );
  const missing = refs.find((_ref, index) => !found[index]);
  if (missing) throw new NotFoundError(`No ${missing[0] === "jobLog" ? "job log" : missing[0]} with id ${missing[1]}.`);
}
