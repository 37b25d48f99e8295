import { configError } from "@netraven/runtime";

/** Where a connection string points, without its password. */
export interface ConnectionTarget {
  host: string;
  port: number;
  user: string | undefined;
  database: string;
}

/** libpq environment variables for the URL's query parameters that pg_dump understands. */
const PARAM_ENV: Record<string, string> = {
  sslmode: "PGSSLMODE",
  sslrootcert: "PGSSLROOTCERT",
  sslcert: "PGSSLCERT",
  sslkey: "PGSSLKEY",
  sslcrl: "PGSSLCRL",
  application_name: "PGAPPNAME",
  connect_timeout: "PGCONNECT_TIMEOUT",
  options: "PGOPTIONS",
  target_session_attrs: "PGTARGETSESSIONATTRS",
  host: "PGHOST",
  port: "PGPORT",
  user: "PGUSER",
  password: "PGPASSWORD",
  dbname: "PGDATABASE",
};

/** Query parameters that only mean something to Prisma or node-postgres; pg_dump must not see them. */
const IGNORED_PARAMS = new Set(["schema", "connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "ssl", "uselibpqcompat"]);

/**
 * Turns a connection string into libpq environment variables for a child
 * process. The password travels as PGPASSWORD in the child's environment,
 * never on its command line, where `ps` and logs would show it.
 */
export function connectionEnv(url: string, database?: string): Record<string, string> {
  const parsed = parseUrl(url);
  const env: Record<string, string> = {};
  if (parsed.hostname) env.PGHOST = decodeURIComponent(parsed.hostname.replace(/^\[(.*)\]$/, "$1"));
  if (parsed.port) env.PGPORT = parsed.port;
  if (parsed.username) env.PGUSER = decodeURIComponent(parsed.username);
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  const name = database ?? decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (name) env.PGDATABASE = name;
  for (const [key, value] of parsed.searchParams) {
    const variable = PARAM_ENV[key];
    if (variable === "PGDATABASE" && database) continue;
    if (variable) env[variable] = value;
    else if (!IGNORED_PARAMS.has(key)) {
      throw configError([`DATABASE_URL: unknown connection parameter "${key}"; remove it or use a libpq parameter (${Object.keys(PARAM_ENV).join(", ")})`]);
    }
  }
  return env;
}

/** Host, port, user and database of a connection string (defaults as libpq applies them). */
export function connectionTarget(url: string): ConnectionTarget {
  const env = connectionEnv(url);
  return {
    host: env.PGHOST ?? "localhost",
    port: Number(env.PGPORT ?? 5432),
    user: env.PGUSER,
    database: env.PGDATABASE ?? env.PGUSER ?? "postgres",
  };
}

/** The password of a connection string (for redaction), if any. */
export function connectionPassword(url: string): string | undefined {
  return connectionEnv(url).PGPASSWORD;
}

/** The same connection string pointing at another database (the password is kept, never printed). */
export function withDatabaseName(url: string, database: string): string {
  const parsed = parseUrl(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    // Neither the URL nor the TypeError (whose `input` holds it) may travel on: it may contain the password.
    throw configError(["DATABASE_URL: is not a valid URL (postgresql://USER:PASSWORD@HOST:PORT/DATABASE)"]);
  }
}
