#!/usr/bin/env bash
# Entry for `npm start`, `npm test`, `npm run bench:*`:
#   bash scripts/godocker.sh <start|test|bench NAME|services up|down|status> [args...]
# Installs dependencies when the lock file changed, builds, then hands over to the compiled script.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() {
  echo "usage: bash scripts/godocker.sh <start|test|bench NAME|services up|down|status> [args...]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
command="$1"
shift
case "$command" in
  start) target=start ;;
  test) target=test-runner ;;
  bench) target=bench-runner ;;
  services) target=services ;;
  *) usage ;;
esac

# npm ci rewrites node_modules/.package-lock.json, so it is newer than package-lock.json after every
# install; an older one means the lock changed since (a pull, a new dependency).
if [ ! -e node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing dependencies (npm ci)…"
  npm ci --no-audit --no-fund
fi

echo "building…"
npx tsc -p tsconfig.json
node dist/scripts/bundle-workflows.js
# The web UI (web/vite.config.mts): its own type check (ESM + DOM), then the bundle in dist/web.
npx tsc -p web/tsconfig.json
npx vite build --config web/vite.config.mts --logLevel warn

exec node "dist/scripts/${target}.js" "$@"
