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
# Quiet steps keep their output in a log that is shown when they fail, so a broken demo says why.
quietly() {
  local log
  log="$(mktemp)"
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "demo: failed: $*" >&2
    exit 1
  fi
  rm -f "$log"
}
echo "demo: running the example backend's tests for its coverage report" >&2
quietly examples/crm/backend/scripts/test
echo "demo: running the example frontend's tests for its coverage report" >&2
frontend_coverage() (
  cd examples/crm/frontend
  stamp="node_modules/.crm-frontend-lock-hash"
  want="$(cat package-lock.json <(node -p 'process.versions.node.split(".")[0]') | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
    echo "$want" > "$stamp"
  fi
  npm run --silent coverage
)
quietly frontend_coverage
echo "demo: sending a burst of requests to the example API for the error-budget gate" >&2
quietly node scripts/demo-traffic.mjs
echo "demo: crm-devex check --cwd examples/crm" >&2
exec node packages/cli/dist/bin.js check --cwd examples/crm "$@"
