/** What a failed connection attempt means for the wait loop. */
export type ConnectErrorKind = "transient" | "missing-database" | "permanent";

// Network states that end by themselves while a server or its DNS entry comes up.
const TRANSIENT_ERRNO = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE"]);
// SQLSTATEs: starting up / shutting down, too many connections, admin shutdown, crash recovery.
const TRANSIENT_SQLSTATE = new Set(["57P03", "53300", "57P01", "57P02", "08006", "08001", "08004"]);

interface PgLikeError {
  code?: string;
  message?: string;
}

/** Classifies a connect error: retry, create the database, or stop and tell the operator. */
export function classifyConnectError(error: unknown): ConnectErrorKind {
  const { code, message = "" } = (error ?? {}) as PgLikeError;
  if (code === "3D000") return "missing-database";
  if (code && (TRANSIENT_ERRNO.has(code) || TRANSIENT_SQLSTATE.has(code))) return "transient";
  if (/Connection terminated|timeout expired|the database system is (starting up|shutting down|in recovery)/i.test(message)) return "transient";
  return "permanent";
}

/** A one-line explanation of a permanent connect error with what to fix. */
export function explainConnectError(error: unknown): string {
  const { code, message = String(error) } = (error ?? {}) as PgLikeError;
  switch (code) {
    case "28P01":
      return "password authentication failed: check the password in DATABASE_URL";
    case "28000":
      return `the server rejected the role (${message}): check the user name in DATABASE_URL and pg_hba.conf`;
    case "42501":
      return `permission denied (${message}): grant the role the needed privilege or use another role`;
    case "3D000":
      return `${message}: create the database or let schema-init create it (role needs CREATEDB)`;
    default:
      if (/ssl|tls|certificate/i.test(`${code ?? ""} ${message}`)) {
        return `TLS negotiation failed (${message}): check sslmode in DATABASE_URL and the server's certificate`;
      }
      return message;
  }
}
