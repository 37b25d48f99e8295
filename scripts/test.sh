#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what it needs, then lint,
# typecheck, build, unit tests, the migration/schema sync check and every
# integration test against a real PostgreSQL (TEST_DATABASE_URL if set, else
# testcontainers when a Docker engine answers, else an embedded server).
source "$(dirname "$0")/lib/bootstrap.sh"

# Backups and their tests need pg_dump/pg_restore of the server's major
# version (15). Debian machines have them under /usr/lib/postgresql/15/bin;
# install them if missing and we may.
if ! ls /usr/lib/postgresql/15/bin/pg_dump >/dev/null 2>&1 && ! command -v pg_dump >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing the PostgreSQL 15 client tools with apt-get..." >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client-15 >&2
  else
    echo "pg_dump not found: install the PostgreSQL 15 client tools (postgresql-client-15) or set PG_BIN." >&2
  fi
fi

# The API docs page is checked in a real browser: Debian's chromium.
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing chromium with apt-get (the API docs-page test drives it)..." >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    echo "chromium not found: install Debian's chromium or set CHROMIUM_PATH; the API docs-page test fails without it." >&2
  fi
fi

pnpm lint:ws
pnpm turbo run lint typecheck build test --output-logs=errors-only
# One package at a time: each starts its own PostgreSQL, and timing-sensitive
# tests (the wait deadline, a wrong password within 2 s) need the cores.
pnpm turbo run test:integration --concurrency=1
