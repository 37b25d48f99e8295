#!/usr/bin/env bash
# Runs NetRaven: with no DATABASE_URL an embedded PostgreSQL (data kept in
# .netraven/) is started and brought to the schema, then the API starts.
# With DATABASE_URL set, that database is used instead.
source "$(dirname "$0")/lib/bootstrap.sh"
pnpm turbo run build --filter=@netraven/api... --output-logs=errors-only >&2
exec node apps/api/dist/start.js "$@"
