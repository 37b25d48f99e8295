#!/usr/bin/env bash
# The compose stack on a real Docker engine: builds the images and runs the
# tests in docker/test/engine (what they prove: docs/docker.md, "How this is
# tested"). Uses the engine at DOCKER_HOST (or the default socket) when one
# answers; otherwise, as root, installs what is missing from Debian
# (docker.io, iptables, docker-compose, debootstrap) and starts containerd
# and dockerd itself with every path in a directory it creates, and on exit
# stops exactly those processes and removes what they made. Base images are
# pulled, or built from Debian packages and npm when no registry answers.
# Exit 0 only when every test passed; it never skips: no engine is a failure.
# The last line says how it ended, after the private engine (if any) is gone.
REASON="the set-up (Node.js, pnpm install) failed, see above"
START_ENGINE=""
finish() {
  local status=$?
  if [ -n "$START_ENGINE" ]; then engine_stop; fi
  if [ "$status" = 0 ]; then
    echo "test-docker: PASSED in $SECONDS s: the images built and the stack ran on a real engine as docs/docker.md states" >&2
  else
    echo "test-docker: FAILED after $SECONDS s: $REASON" >&2
  fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM
fail() {
  REASON="$*"
  exit 1
}

source "$(dirname "$0")/lib/bootstrap.sh"
REASON="a step failed, see above"

# Debian's client (20.10) builds with BuildKit through DOCKER_BUILDKIT=1; a
# newer client without the buildx plugin cannot build RUN --mount at all.
client_ok() { [ -x "$1" ] && { "$1" buildx version >/dev/null 2>&1 || "$1" --version | grep -q ' 20\.10\.'; }; }
choose_client() {
  for candidate in /usr/bin/docker "$(command -v docker || true)"; do
    if [ -n "$candidate" ] && client_ok "$candidate"; then DOCKER="$candidate"; return 0; fi
  done
  return 1
}
engine_answers() { [ -n "${DOCKER:-}" ] && "$DOCKER" info >/dev/null 2>&1; }

apt_install() {
  echo "test-docker: installing $* from Debian" >&2
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq >&2 || fail "apt-get update failed"; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2 || fail "apt-get install $* failed"
}

choose_client || true
if ! engine_answers; then
  [ "$(id -u)" = 0 ] || fail "no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unset}) and only root may start one; run as root or point DOCKER_HOST at an engine"
  command -v apt-get >/dev/null || fail "no Docker engine answers and this host has no apt-get to install docker.io"
  missing=()
  command -v dockerd >/dev/null && command -v containerd >/dev/null && [ -x /usr/bin/docker ] || missing+=(docker.io)
  command -v iptables >/dev/null || missing+=(iptables)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
  choose_client || fail "no usable Docker client (needs BuildKit: Debian's docker.io 20.10, or a client with buildx)"
  NEED_ENGINE=1
fi
# Compose v2 where present, else Debian's docker-compose 1.29.
if "$DOCKER" compose version >/dev/null 2>&1; then COMPOSE="$DOCKER compose"
else
  command -v docker-compose >/dev/null || { [ "$(id -u)" = 0 ] && apt_install docker-compose; }
  command -v docker-compose >/dev/null || fail "no compose tool: install Compose v2 (docker compose) or docker-compose"
  COMPOSE=docker-compose
fi
if ! command -v debootstrap >/dev/null && [ "$(id -u)" = 0 ]; then apt_install debootstrap; fi

if [ -n "${NEED_ENGINE:-}" ]; then
  source "$ROOT/docker/scripts/engine.sh"
  START_ENGINE=1
  engine_start "$(mktemp -d /tmp/nr-docker-XXXXXX)" || fail "could not start containerd and dockerd (logs above)"
  echo "test-docker: started containerd ($ENGINE_CONTAINERD_PID) and dockerd ($ENGINE_DOCKERD_PID) on $DOCKER_HOST" >&2
fi
engine_answers || fail "the Docker engine at ${DOCKER_HOST:-the default socket} does not answer: $("$DOCKER" info 2>&1 | tail -n 1)"
export DOCKER COMPOSE
echo "test-docker: engine $("$DOCKER" info --format '{{.ServerVersion}}'), client $DOCKER, compose: $COMPOSE" >&2

phase() { echo "test-docker: $1 ($SECONDS s)" >&2; }
phase "base images"
"$ROOT/docker/scripts/base-images.sh" || fail "the base images could not be pulled or built"
phase "building the images"
BUILD_LOG="$(mktemp /tmp/nr-docker-build-XXXXXX.log)"
if ! "$ROOT/docker/scripts/build-images.sh" --progress=plain >"$BUILD_LOG" 2>&1; then
  tail -n 60 "$BUILD_LOG" >&2
  rm -f "$BUILD_LOG"
  fail "the images did not build (the end of the build log is above)"
fi
rm -f "$BUILD_LOG"
"$DOCKER" image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E '^(netraven|node|postgres)' >&2 || true
phase "the db-schema harness, for the fallback test"
pnpm turbo run build --filter=@netraven/db-schema --output-logs=errors-only >&2 || fail "@netraven/db-schema did not build"
phase "the stack tests"
(cd "$ROOT/docker" && pnpm run test:engine) || fail "the stack tests failed (above)"
phase "removing what it made"
