#!/bin/sh
# The build steps of docker/Dockerfile, one subcommand per layer (the
# Dockerfile runs them in this order; nothing else copies them):
#   tools    pnpm and turbo at the pinned versions
#   prune    turbo prune --docker: only the packages the three apps need
#   install  pnpm install --frozen-lockfile (manifests and lockfile only, so
#            the layer is reused until they change)
#   build    turbo run build, then pnpm deploy --prod per app, prune-deploy.mjs,
#            and the check that no native Prisma engine reached a deploy
set -eu

APPS="schema-init api backup"
# The host's CA bundle, when the build passes it as the `ca` secret
# (docker/scripts/build-images.sh does): npm and pnpm trust it during this
# step only, and it is never written to a layer.
if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi

case "${1:-}" in
  tools)
    npm install --global --no-audit --no-fund "pnpm@${PNPM_VERSION}" "turbo@${TURBO_VERSION}"
    ;;
  prune)
    # shellcheck disable=SC2046 # one argument per app
    turbo prune $(for app in $APPS; do printf '@netraven/%s ' "$app"; done) --docker --out-dir /pruned
    ;;
  install)
    pnpm install --frozen-lockfile --store-dir /pnpm/store
    ;;
  build)
    # db:generate runs first (turbo). `prisma generate` never executes a native
    # schema engine, but the Prisma CLI insists on locating one and would
    # download it; db-schema's scripts/generate.mjs sets
    # PRISMA_SCHEMA_ENGINE_BINARY to a stand-in for that command only.
    # Migrations use @prisma/schema-engine-wasm.
    # shellcheck disable=SC2046
    turbo run build $(for app in $APPS; do printf -- '--filter=@netraven/%s... ' "$app"; done)
    # One self-contained folder per app (devDependencies left out), then drop
    # what the runtime never imports (see prune-deploy.mjs).
    for app in $APPS; do
      pnpm --filter="@netraven/$app" deploy --prod --legacy --store-dir /pnpm/store "/deploy/$app"
      node /usr/local/lib/prune-deploy.mjs "/deploy/$app"
    done
    if find /deploy -type f \( -name 'schema-engine-*' -o -name 'libquery_engine*' -o -name 'query-engine-*' \) | grep .; then
      echo "a native Prisma engine reached the deploy" >&2
      exit 1
    fi
    ;;
  *)
    echo "usage: build-stage.sh tools|prune|install|build" >&2
    exit 64
    ;;
esac
