/**
 * What a database error says about its cause, wherever the driver put it: a
 * raw pg error carries the SQLSTATE in `code`; Prisma with the pg adapter
 * nests it under `meta.driverAdapterError.cause` (`originalCode`, or a
 * `kind` for connection failures); Node socket errors carry an errno code.
 */
export interface DatabaseFault {
  sqlState?: string;
  kind?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

export function databaseFault(error: unknown): DatabaseFault {
  const fault: DatabaseFault = {};
  const seen = new Set<unknown>();
  let current: unknown = error;
  // Walk the cause chain and Prisma's adapter error (bounded, cycle-safe).
  for (let i = 0; i < 6 && current && typeof current === "object" && !seen.has(current); i++) {
    seen.add(current);
    const e = current as { code?: unknown; kind?: unknown; originalCode?: unknown; meta?: { driverAdapterError?: { cause?: unknown } }; cause?: unknown };
    if (!fault.sqlState && typeof e.originalCode === "string" && SQLSTATE.test(e.originalCode)) fault.sqlState = e.originalCode;
    if (!fault.sqlState && typeof e.code === "string" && SQLSTATE.test(e.code) && !/^P\d{4}$/.test(e.code)) fault.sqlState = e.code;
    if (!fault.kind && typeof e.kind === "string") fault.kind = e.kind;
    if (!fault.kind && typeof e.code === "string" && /^E[A-Z]+$/.test(e.code)) fault.kind = e.code;
    current = e.meta?.driverAdapterError?.cause ?? e.meta?.driverAdapterError ?? e.cause;
  }
  return fault;
}

/** Connection-level failures: the database is down, restarting, or out of connections. Retrying later can help. */
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);
// Prisma's own codes for "cannot reach / timed out / pool exhausted / could not start a transaction".
const UNAVAILABLE_PRISMA = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
const UNAVAILABLE_MESSAGE = /timeout exceeded when trying to connect|Connection terminated|ECONNREFUSED|too many clients|the database system is (starting up|shutting down|in recovery mode)|terminating connection|Client has encountered a connection error|Unable to start a transaction/i;

/** True when the error means the database could not serve the request now (503 + Retry-After). */
export function isDatabaseUnavailable(error: unknown, fault: DatabaseFault = databaseFault(error)): boolean {
  const { sqlState, kind } = fault;
  // 08: connection exception; 57P01-03: shutdown/crash/starting; 53: insufficient resources; 57014: statement timeout.
  if (sqlState && (/^08/.test(sqlState) || /^57P0[1-3]$/.test(sqlState) || /^53/.test(sqlState) || sqlState === "57014")) return true;
  if (sqlState && /^40(001|P01)$/.test(sqlState)) return true;
  if (kind && UNAVAILABLE_KINDS.has(kind)) return true;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === "string" && UNAVAILABLE_PRISMA.has(code)) return true;
  return typeof message === "string" && UNAVAILABLE_MESSAGE.test(message);
}

/**
 * Errors bad input can still cause once past validation, by SQLSTATE class:
 * 22 data exception (invalid text, out of range, bad datetime, bad encoding,
 * too long) and 23 integrity violations not already mapped by Prisma code.
 */
export function inputFaultStatus(fault: DatabaseFault): { status: 409 | 422; detail: string } | undefined {
  const { sqlState } = fault;
  if (!sqlState) return undefined;
  if (sqlState === "23505" || sqlState === "23P01") return { status: 409, detail: "A row with these values already exists." };
  if (sqlState === "23503") return { status: 409, detail: "The change refers to a row that does not exist, or rows still refer to this one." };
  if (/^22/.test(sqlState) || /^23/.test(sqlState)) return { status: 422, detail: "A value is out of range or not valid for its field." };
  return undefined;
}
