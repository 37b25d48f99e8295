import { ConfigError } from "./errors.js";
import { REDACTED } from "./redact.js";

/** The shape every message asks for. */
export const DATABASE_URL_SHAPE = "postgresql://USER:PASSWORD@HOST:5432/DATABASE";

/** The parts of a PostgreSQL connection string that may be shown (never the password). */
export interface DatabaseUrlParts {
  /** Host name, or the socket directory of `?host=/run/postgresql`. */
  host: string;
  port: number;
  /** Database name; libpq defaults it to the user name. */
  database: string;
  user: string;
  hasPassword: boolean;
  /** The URL with the password masked and without the query: `postgresql://app:***@db:5432/netraven`. */
  display: string;
}

/**
 * Why `value` is not a usable PostgreSQL URL, or undefined when it is.
 * The text never quotes the value: it may hold a password.
 */
export function databaseUrlProblem(value: string): string | undefined {
  if (!/^postgres(ql)?:\/\//i.test(value)) return "it does not start with postgresql:// or postgres://";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "it cannot be parsed (percent-encode special characters in the user name and password, e.g. @ as %40; the port must be a number between 1 and 65535)";
  }
  if (!url.hostname && !url.searchParams.get("host")) return "it names no host";
  if (url.port !== "" && (Number(url.port) < 1 || Number(url.port) > 65_535)) return "its port is not a number between 1 and 65535";
  return undefined;
}

/**
 * Parses a PostgreSQL connection string, or throws a ConfigError that names
 * `variable` and the expected shape without echoing the value.
 */
export function parseDatabaseUrl(value: string, variable = "DATABASE_URL"): DatabaseUrlParts {
  const problem = databaseUrlProblem(value);
  if (problem) throw new ConfigError(`${variable} is not a valid PostgreSQL URL (${problem}): set it to ${DATABASE_URL_SHAPE}`, { context: { variable } });
  const url = new URL(value);
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const host = decode(url.hostname) || (url.searchParams.get("host") ?? "");
  const port = url.port === "" ? Number(url.searchParams.get("port") ?? 5432) || 5432 : Number(url.port);
  const user = decode(url.username);
  const database = decode(url.pathname.slice(1)) || user;
  const auth = user ? `${encodeURIComponent(user)}${url.password ? `:${REDACTED}` : ""}@` : "";
  const shownHost = url.hostname || encodeURIComponent(host);
  return { host, port, database, user, hasPassword: url.password !== "", display: `postgresql://${auth}${shownHost}:${port}/${encodeURIComponent(database)}` };
}

/** The display form of a URL for messages; a malformed one becomes a placeholder (it may hold a password). */
export function displayDatabaseUrl(value: string): string {
  return databaseUrlProblem(value) ? "<malformed DATABASE_URL>" : parseDatabaseUrl(value).display;
}
