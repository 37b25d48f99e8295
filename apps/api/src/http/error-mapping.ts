import { isApiError, ValidationError } from "../errors.js";
import type { FieldProblem } from "../errors.js";
import { databaseFault, inputFaultStatus, isDatabaseUnavailable } from "./database-errors.js";
import { problem } from "./problem.js";
import type { Problem } from "./problem.js";

/** A mapped error: the problem to send, extra headers, and whether it is a server fault to log in full. */
export interface MappedError {
  problem: Problem;
  headers?: Record<string, string>;
  serverFault: boolean;
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  validation?: { instancePath?: string; message?: string; keyword?: string }[];
  validationContext?: string;
  meta?: Record<string, unknown>;
  message?: string;
}

const LOCATION: Record<string, FieldProblem["in"]> = { body: "body", querystring: "query", params: "path", headers: "header" };

/**
 * The one place that turns any thrown value into RFC 9457 problem details:
 * request validation -> 422 naming the fields; our typed errors -> their
 * status; Prisma P2002 -> 409, P2025 -> 404, P2003 -> 409 (delete) / 422
 * (write); body parser and other client errors -> their 4xx without echoing
 * the body; an unreachable or restarting database -> 503; data exceptions
 * (SQLSTATE 22xxx/23xxx) -> 422/409; anything else -> 500 with a generic text.
 */
export function mapError(error: unknown, requestId: string, method: string): MappedError {
  const e = (error ?? {}) as FastifyLikeError;
  if (isApiError(error)) {
    // A 500 of ours (a key missing from the keyring) is logged in full, not explained to the client.
    const detail = error.status === 500 ? "An internal error occurred; the request id identifies it in the logs." : error.message;
    const mapped = problem(slugFor(error.status), error.title, error.status, detail, requestId);
    if (error instanceof ValidationError && error.errors.length > 0) mapped.errors = error.errors;
    return { problem: mapped, serverFault: error.status >= 500, ...(error.retryable ? { headers: { "retry-after": "5" } } : {}) };
  }
  if (Array.isArray(e.validation)) return { problem: validationProblem(e, requestId), serverFault: false };
  if (typeof e.code === "string" && /^P\d{4}$/.test(e.code)) {
    const mapped = mapPrismaError(e, requestId, method);
    if (mapped) return mapped;
  }
  const fault = databaseFault(error);
  if (isDatabaseUnavailable(error, fault) || e.statusCode === 503) {
    return {
      problem: problem("unavailable", "Service unavailable", 503, "The server or its database is overloaded, restarting or unreachable; retry shortly.", requestId),
      headers: { "retry-after": "5" },
      serverFault: false,
    };
  }
  const inputFault = inputFaultStatus(fault) ?? prismaInputFault(e.code);
  if (inputFault) {
    const slug = inputFault.status === 409 ? "conflict" : "validation";
    return { problem: problem(slug, inputFault.status === 409 ? "Conflict" : "Validation failed", inputFault.status, inputFault.detail, requestId), serverFault: false };
  }
  if (e.code === "FST_RATE_LIMITED" || e.statusCode === 429) {
    return { problem: problem("rate-limited", "Too many requests", 429, e.message ?? "Rate limit exceeded.", requestId), serverFault: false };
  }
  if (typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500) {
    return { problem: clientProblem(e, e.statusCode, requestId), serverFault: false };
  }
  return {
    problem: problem("internal", "Internal server error", 500, "An unexpected error occurred; the request id identifies it in the logs.", requestId),
    serverFault: true,
  };
}

function validationProblem(e: FastifyLikeError, requestId: string): Problem {
  const location = LOCATION[e.validationContext ?? "body"] ?? "body";
  const errors: FieldProblem[] = (e.validation ?? []).map((issue) => ({
    pointer: issue.instancePath && issue.instancePath !== "/" ? issue.instancePath : "/",
    in: location,
    detail: issue.message ?? "is invalid",
  }));
  const fields = [...new Set(errors.map((item) => item.pointer.replace(/^\//, "") || location))];
  const mapped = problem("validation", "Validation failed", 422, `Invalid ${location}: ${fields.join(", ")}.`, requestId);
  mapped.errors = errors;
  return mapped;
}

// Never echo a body parser's message: it may quote the (secret-bearing) body.
function clientProblem(e: FastifyLikeError, status: number, requestId: string): Problem {
  if (status === 413) return problem("payload-too-large", "Payload too large", 413, "The request body exceeds the size limit.", requestId);
  if (status === 415) {
    return problem("unsupported-media-type", "Unsupported media type", 415, "Send the body as application/json.", requestId);
  }
  if (e.code?.startsWith("FST_ERR_CTP") || e.message?.includes("JSON")) {
    return problem("bad-request", "Bad request", 400, "The request body is not valid JSON.", requestId);
  }
  if (status === 404) return problem("not-found", "Not found", 404, "No such route.", requestId);
  return problem("bad-request", "Bad request", status, "The request could not be processed as sent.", requestId);
}

function mapPrismaError(e: FastifyLikeError, requestId: string, method: string): MappedError | undefined {
  if (e.code === "P2002") {
    const fields = uniqueFields(e.meta);
    const detail = fields.length > 0 ? `A row with this ${fields.join(", ")} already exists.` : "A row with these values already exists.";
    const mapped = problem("conflict", "Conflict", 409, detail, requestId);
    if (fields.length > 0) mapped.errors = fields.map((field) => ({ pointer: `/${field}`, in: "body", detail: "must be unique" }));
    return { problem: mapped, serverFault: false };
  }
  if (e.code === "P2025") return { problem: problem("not-found", "Not found", 404, "The resource does not exist.", requestId), serverFault: false };
  if (e.code === "P2003") {
    if (method === "DELETE") {
      return { problem: problem("conflict", "Conflict", 409, "Other rows still refer to this resource.", requestId), serverFault: false };
    }
    const field = foreignKeyField(e.meta);
    const mapped = problem("validation", "Validation failed", 422, `The referenced ${field ?? "resource"} does not exist.`, requestId);
    if (field) mapped.errors = [{ pointer: `/${field}`, in: "body", detail: "does not exist" }];
    return { problem: mapped, serverFault: false };
  }
  return undefined;
}

// Prisma 7 with a driver adapter names only the violated constraint
// (meta.driverAdapterError.cause.constraint.index); these are the unique
// constraints of the schema and the API fields they cover.
const UNIQUE_FIELDS: Record<string, string[]> = {
  users_username_key: ["username"],
  users_email_key: ["email"],
  devices_hostname_key: ["hostname"],
  devices_ip_address_port_key: ["ipAddress", "port"],
  tags_name_key: ["name"],
  credentials_name_key: ["name"],
  credential_tags_credential_id_tag_id_key: ["credentialId", "tagId"],
  device_tags_pkey: ["deviceId", "tagId"],
  admin_settings_key_key: ["key"],
};
const TABLES = ["credential_tags", "scheduled_jobs", "job_log_entries", "device_tags", "admin_settings", "credentials", "job_logs", "devices", "backups", "users", "tags"];
const camel = (column: string) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

function constraintOf(meta: Record<string, unknown> | undefined): string | undefined {
  const cause = (meta?.driverAdapterError as { cause?: { constraint?: { index?: unknown; fields?: unknown } } } | undefined)?.cause;
  const index = cause?.constraint?.index;
  return typeof index === "string" ? index : undefined;
}

function uniqueFields(meta: Record<string, unknown> | undefined): string[] {
  const target = meta?.target;
  if (Array.isArray(target)) return target.map((field) => camel(String(field)));
  return UNIQUE_FIELDS[constraintOf(meta) ?? ""] ?? [];
}

// `<table>_<column>_fkey` -> the column, as an API field name.
function foreignKeyField(meta: Record<string, unknown> | undefined): string | undefined {
  const name = constraintOf(meta);
  const table = TABLES.find((t) => name?.startsWith(`${t}_`));
  if (!name || !table || !name.endsWith("_fkey")) return undefined;
  return camel(name.slice(table.length + 1, -"_fkey".length));
}

// Prisma's codes for a value the column cannot take: too long, invalid, null, out of range.
function prismaInputFault(code: string | undefined): { status: 422; detail: string } | undefined {
  if (code && ["P2000", "P2005", "P2006", "P2007", "P2011", "P2012", "P2019", "P2020", "P2023"].includes(code)) {
    return { status: 422, detail: "A value is out of range or not valid for its field." };
  }
  return undefined;
}

function slugFor(status: number): string {
  const slugs: Record<number, string> = {
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    409: "conflict",
    422: "validation",
    429: "rate-limited",
    503: "unavailable",
  };
  return slugs[status] ?? (status >= 500 ? "internal" : "bad-request");
}
