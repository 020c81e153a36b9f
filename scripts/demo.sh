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
bash examples/crm/frontend/scripts/coverage >/dev/null
echo "demo: crm-devex check --cwd examples/crm" >&2
exec node packages/cli/dist/bin.js check --cwd examples/crm "$@"
