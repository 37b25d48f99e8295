import { Prisma } from "@netraven/db-schema";

/** A JSON object from a request body for a nullable jsonb column: `null` becomes SQL NULL, `undefined` leaves the column alone. */
export function jsonInput(value: Record<string, unknown> | null | undefined): Prisma.InputJsonObject | typeof Prisma.DbNull | undefined {
  if (value === undefined) return undefined;
  return value === null ? Prisma.DbNull : (value as Prisma.InputJsonObject);
}
