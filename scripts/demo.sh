#!/usr/bin/env bash
# The main job (README quick start): install and build crm-devex, produce the
# example CRM's coverage reports with its own test suites, then run every gate on
# examples/crm with `crm-devex check`. Exits with check's code.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f node_modules/.crm-devex-lock-hash ] || [ "$(cat node_modules/.crm-devex-lock-hash)" != "$lock_hash" ]; then
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.crm-devex-lock-hash
fi
npm run build --silent
echo "demo: running the example backend's tests for its coverage report" >&2
examples/crm/backend/scripts/test >/dev/null
echo "demo: running the example frontend's tests for its coverage report" >&2
(
  cd examples/crm/frontend
  stamp="node_modules/.crm-frontend-lock-hash"
  want="$(cat package-lock.json <(node -p 'process.versions.node.split(".")[0]') | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >&2
    echo "$want" > "$stamp"
  fi
  npm run --silent coverage >/dev/null
)
echo "demo: sending a burst of requests to the example API for the error-budget gate" >&2
node scripts/demo-traffic.mjs 2>/dev/null
echo "demo: crm-devex check --cwd examples/crm" >&2
exec node packages/cli/dist/bin.js check --cwd examples/crm "$@"
