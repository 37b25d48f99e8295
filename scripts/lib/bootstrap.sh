# Shared set-up for scripts/run.sh and scripts/test.sh: a fresh machine has
# Node.js and npm only. Everything else the project needs is installed here.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PNPM_VERSION="$(node -p "require('$ROOT/package.json').packageManager.split('@')[1]")"
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1

node_ok() {
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'
}
if ! node_ok; then
  echo "Node.js >= 20.19 is required (found $(node --version)). Install a current LTS release and retry." >&2
  exit 69
fi

# pnpm: the pinned version from package.json. Corepack cannot always download
# it (air-gapped registries), npm can.
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "Installing pnpm $PNPM_VERSION with npm..." >&2
  if ! npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION" >&2; then
    PREFIX="$ROOT/.netraven/tools"
    npm install --prefix "$PREFIX" --no-fund --no-audit "pnpm@$PNPM_VERSION" >&2
    export PATH="$PREFIX/node_modules/.bin:$PATH"
  fi
fi

cd "$ROOT"
pnpm install --frozen-lockfile --prefer-offline >&2
