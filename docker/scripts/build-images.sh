#!/usr/bin/env bash
# Builds the three images docker-compose.yml runs, with BuildKit, tagged as
# the compose file names them (NETRAVEN_IMAGE_REPOSITORY/<target>:NETRAVEN_IMAGE_TAG):
#
#   docker/scripts/build-images.sh [extra docker build arguments...]
#
# Where the host's egress re-signs TLS (a corporate proxy), npm and pnpm in the
# build must trust the host's CA bundle: it is passed as the BuildKit secret
# `ca` (BUILD_CA_FILE, else NODE_EXTRA_CA_CERTS, else Debian's bundle), which
# the build steps read from /run/secrets/ca and no layer keeps. Compose v2 can
# build the same way; Compose v1.29 cannot pass build secrets, so build here
# and run `up` without --build.
set -euo pipefail

DOCKER="${DOCKER:-docker}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REPOSITORY="${NETRAVEN_IMAGE_REPOSITORY:-netraven}"
TAG="${NETRAVEN_IMAGE_TAG:-local}"
CA_FILE="${BUILD_CA_FILE:-${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}}"
secret=()
[ -s "$CA_FILE" ] && secret=(--secret "id=ca,src=$CA_FILE")

for target in schema-init api backup; do
  echo "build-images: $REPOSITORY/$target:$TAG" >&2
  DOCKER_BUILDKIT=1 "$DOCKER" build --file "$ROOT/docker/Dockerfile" --target "$target" \
    --tag "$REPOSITORY/$target:$TAG" "${secret[@]}" "$@" "$ROOT"
done
