/** The "Environment:" block of `node dist/start.js --help`: the variables an operator sets most (all of them: docs/api.md). */
export const ENV_HELP = `Environment (all of them: docs/api.md):
  DATABASE_URL                  postgresql://USER:PASSWORD@HOST:5432/DATABASE (or DATABASE_URL_FILE);
                                unset outside production: an embedded PostgreSQL is started
  SCHEMA_INIT_WAIT_TIMEOUT_MS   how long start-up waits for PostgreSQL before exit 69 (default 60000)
  SCHEMA_INIT_CREATE_DATABASE   create a missing database (default true; false: exit 66)
  SCHEMA_INIT_LOCK_TIMEOUT_MS   how long to wait for another run's schema lock before exit 75 (default 300000)
  SKIP_SCHEMA_INIT              do not migrate/seed at start (default false)
  DATABASE_SCHEMA               schema holding the tables (default public)
  HOST, PORT                    listen address (default 127.0.0.1:3000)
  NODE_ENV                      production requires DATABASE_URL, JWT_SECRET, ENCRYPTION_KEYS
  JWT_SECRET, ENCRYPTION_KEYS   secrets (or *_FILE); generated in the state directory outside production
  ADMIN_PASSWORD                first admin's password (or ADMIN_PASSWORD_FILE); else generated into
                                <state dir>/initial-admin-password (mode 0600)
  NETRAVEN_STATE_DIR            local state (default <repo root>/.netraven)
  NETRAVEN_EMBEDDED_PG_PORT     port of the embedded PostgreSQL (default 54329)
  NETRAVEN_SHUTDOWN_TIMEOUT_MS  limit of the graceful shutdown on SIGTERM before exit 80 (default 10000)
  LOG_LEVEL                     debug, info, warn, error (default info)
  LOG_FORMAT                    text, pretty, json (default json in production, else pretty); logs go to stderr
  NO_COLOR, FORCE_COLOR         colour of pretty logs (only on a terminal by default)
Booleans: true, false, 1, 0, yes, no, on, off. Durations (*_MS): whole milliseconds.`;
